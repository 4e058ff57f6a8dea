// REST GET of a group through the gateway vs the same gRPC call made directly, sequentially, on the
// test servers (start them with `CONSORCIO_INFRA_PROFILE=test npm run infra:up`). Prints p50/p99 of
// each path and their ratio as a table and as JSON. Run: `npm run bench:gateway [-- <requests>]`.
import { Metadata } from '@grpc/grpc-js';
import {
  GroupsServiceClient,
  type GroupsServiceServer,
} from '@consorcio/shared/gen/consorcio/groups/v1/groups_service';
import { createClient, promiseClient } from '@consorcio/shared/grpc';
import { GROUPS_SERVICE_NAME } from '../services/groups/src/service';
import { ADMIN, DEMO_PARAMETERS, startPlatform } from '../test/e2e/support/platform';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function timed(n: number, call: () => Promise<void>): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < Math.min(100, n); i++) await call(); // warm-up
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await call();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p99: percentile(ms, 99) };
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 2000);
  const p = await startPlatform();
  try {
    const { accessToken } = await p.login(ADMIN.username, ADMIN.password);
    const created = await p.call('POST', '/v1/groups', {
      token: accessToken,
      body: { code: 'G-BENCH', parameters: DEMO_PARAMETERS },
    });
    const groupId = created.body.group.groupId as string;
    const md = new Metadata();
    md.set('authorization', `Bearer ${accessToken}`);
    const grpc = promiseClient<GroupsServiceServer>(
      createClient(GroupsServiceClient, GROUPS_SERVICE_NAME, p.groups.grpc.address),
    );
    const direct = await timed(n, async () => {
      await grpc.getGroup({ groupId }, md);
    });
    const rest = await timed(n, async () => {
      const r = await p.call('GET', `/v1/groups/${groupId}`, { token: accessToken });
      if (r.status !== 200) throw new Error(`GET answered ${r.status}`);
    });
    const result = {
      name: 'gateway',
      requests: n,
      concurrency: 1,
      directGrpc: direct,
      restThroughGateway: rest,
      ratioP50: rest.p50 / direct.p50,
      ratioP99: rest.p99 / direct.p99,
    };
    const f = (x: number) => x.toFixed(3).padStart(9);
    console.log(`path                    p50 ms    p99 ms`);
    console.log(`direct gRPC          ${f(direct.p50)} ${f(direct.p99)}`);
    console.log(`REST via gateway     ${f(rest.p50)} ${f(rest.p99)}`);
    console.log(`ratio                ${f(result.ratioP50)} ${f(result.ratioP99)}`);
    console.log(JSON.stringify(result));
  } finally {
    await p.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
