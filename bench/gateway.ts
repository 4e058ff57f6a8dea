// REST GET of a group through the gateway (HTTP, auth, rate limit, routing, JSON ↔ protobuf) vs the same GetGroup
// made over gRPC directly to the groups service, one at a time, on the e2e platform (every service in this process,
// fresh schemas of the bench database). The REST client is node:http on a kept-alive connection (the figure); the
// same GET through fetch() (undici, as the e2e tests call) is reported in the details. The ratio of the p50s is the
// figure; target (not asserted): ≤ 1.3 ×.
// Run: `npm run bench:gateway [-- --quick | --requests 2000]`.
import http from 'node:http';
import { Metadata } from '@grpc/grpc-js';
import {
  GroupsServiceClient,
  type GroupsServiceServer,
} from '@consorcio/shared/gen/consorcio/groups/v1/groups_service';
import { createClient, promiseClient } from '@consorcio/shared/grpc';
import { GROUPS_SERVICE_NAME } from '../services/groups/src/service';
import { ADMIN, DEMO_PARAMETERS, startPlatform } from '../test/e2e/support/platform';
import { benchArgs } from './support/args';
import { benchInfra } from './support/infra';
import { compare, report, runMain, startRun, table } from './support/report';
import { latency, since, type Latency } from './support/stats';

const args = benchArgs(
  'gateway',
  'REST GET /v1/groups/{id} through the gateway vs GetGroup over gRPC, p50/p99.',
  {
    requests: { full: '2000', quick: '300', help: 'requests on each path (after 100 of warm-up), one at a time' },
  },
  { positional: 'requests' },
);

async function timed(n: number, call: () => Promise<void>): Promise<number[]> {
  for (let i = 0; i < Math.min(100, n); i++) await call();
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await call();
    ms.push(since(t));
  }
  return ms;
}

/** GET on one kept-alive connection; resolves the status once the JSON body is read and parsed. */
function httpGet(agent: http.Agent, url: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        try {
          JSON.parse(Buffer.concat(chunks).toString('utf8'));
          resolve(res.statusCode ?? 0);
        } catch (err) {
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      });
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

async function main(): Promise<void> {
  const run = startRun();
  const n = args.num('requests');
  await benchInfra();
  const p = await startPlatform();
  let direct: Latency;
  let rest: Latency;
  let viaFetch: Latency;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const { accessToken } = await p.login(ADMIN.username, ADMIN.password);
    const created = await p.call('POST', '/v1/groups', {
      token: accessToken,
      body: { code: 'G-BENCH', parameters: DEMO_PARAMETERS },
    });
    const groupId = created.body.group.groupId as string;
    const md = new Metadata();
    md.set('authorization', `Bearer ${accessToken}`);
    const client = createClient(GroupsServiceClient, GROUPS_SERVICE_NAME, p.groups.grpc.address);
    const grpc = promiseClient<GroupsServiceServer>(client);
    // Interleaved halves, so drift on this shared machine weighs on both paths alike.
    const d1 = await timed(Math.ceil(n / 2), async () => void (await grpc.getGroup({ groupId }, md)));
    const getRest = async () => {
      const status = await httpGet(agent, `${p.url}/v1/groups/${groupId}`, accessToken);
      if (status !== 200) throw new Error(`GET answered ${status}`);
    };
    const getFetch = async () => {
      const r = await p.call('GET', `/v1/groups/${groupId}`, { token: accessToken });
      if (r.status !== 200) throw new Error(`GET answered ${r.status}`);
    };
    const r1 = await timed(Math.ceil(n / 2), getRest);
    const d2 = await timed(Math.floor(n / 2), async () => void (await grpc.getGroup({ groupId }, md)));
    const r2 = await timed(Math.floor(n / 2), getRest);
    direct = latency([...d1, ...d2]);
    rest = latency([...r1, ...r2]);
    viaFetch = latency(await timed(n, getFetch));
    client.close();
  } finally {
    agent.destroy();
    await p.stop();
  }
  console.log(
    '\n' +
      table(
        ['path', 'p50 ms', 'p99 ms', 'mean ms'],
        [
          ['GetGroup over gRPC, direct', direct.p50Ms.toFixed(3), direct.p99Ms.toFixed(3), direct.meanMs.toFixed(3)],
          ['GET /v1/groups/{id} via gateway', rest.p50Ms.toFixed(3), rest.p99Ms.toFixed(3), rest.meanMs.toFixed(3)],
          [
            'the same GET with fetch()',
            viaFetch.p50Ms.toFixed(3),
            viaFetch.p99Ms.toFixed(3),
            viaFetch.meanMs.toFixed(3),
          ],
        ],
      ),
  );
  report(run, {
    name: 'gateway',
    quick: args.quick,
    params: {
      ...args.params,
      concurrency: 1,
      warmUp: 100,
      order: 'gRPC, REST, gRPC, REST halves, then fetch()',
      restClient: 'node:http, keep-alive agent, one socket',
    },
    rows: [
      compare(
        'gateway p50',
        { value: rest.p50Ms, unit: 'ms (REST)' },
        { value: direct.p50Ms, unit: 'ms (gRPC)' },
        '≤ 1.3 × gRPC',
        (r) => r <= 1.3,
      ),
      {
        ...compare(
          'gateway p99',
          { value: rest.p99Ms, unit: 'ms (REST)' },
          { value: direct.p99Ms, unit: 'ms (gRPC)' },
          '—',
          () => true,
        ),
        met: null,
      },
    ],
    details: { directGrpc: direct, restThroughGateway: rest, restThroughGatewayWithFetch: viaFetch },
  });
}

runMain(main);
