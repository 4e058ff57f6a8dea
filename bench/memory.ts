// Resident memory (VmRSS, /proc/<pid>/status) of each service in its own process — started as scripts/supervisor.ts
// starts them: the real main.ts from source (tsx) with the telemetry preload — on fresh schemas of the bench
// database: idle after --idle-seconds, and at its peak while the payments load (RecordPayment over gRPC, as
// `bench:payments`) runs and its events flow to the other services. Target (not asserted): each ≤ 150 MB idle.
// Run: `npm run bench:memory [-- --quick | --idle-seconds 20 --payments 3000 --concurrency 8]`.
import { addDays, calendarDateAt } from '@consorcio/shared/clock';
import { benchArgs } from './support/args';
import { benchInfra, freshSchemas } from './support/infra';
import { billedRecords, paymentLoad, paymentsApi } from './support/payments';
import { report, runMain, startRun, table, type SummaryRow } from './support/report';
import {
  addressEnv,
  freePort,
  platformKeys,
  SERVICES,
  startService,
  type ServiceName,
  type ServiceProcess,
} from './support/services';
import { median, sleep } from './support/stats';

const args = benchArgs('memory', 'RSS of each service idle and under the payments load.', {
  'idle-seconds': {
    full: '60',
    quick: '60',
    help: 'seconds the started platform is left alone before sampling (V8 gives startup garbage back after ~25 s)',
  },
  payments: { full: '3000', quick: '300', help: 'payments recorded during the load' },
  concurrency: { full: '8', quick: '8', help: 'concurrent RecordPayment callers' },
});

const IDLE_TARGET_MB = 150;

/** Samples every service's RSS every `everyMs` until `until` settles; resolves the samples per service. */
async function sample(
  services: readonly ServiceProcess[],
  everyMs: number,
  until: Promise<unknown>,
): Promise<Map<ServiceName, number[]>> {
  const out = new Map<ServiceName, number[]>(services.map((s) => [s.name, []]));
  let done = false;
  void until.finally(() => (done = true)).catch(() => undefined);
  do {
    for (const s of services) {
      const mb = s.rssMb();
      if (mb !== null) out.get(s.name)!.push(mb);
    }
    await Promise.race([sleep(everyMs), until.catch(() => undefined)]);
  } while (!done);
  return out;
}

async function main(): Promise<void> {
  const run = startRun();
  const infra = await benchInfra({ processes: true });
  const db = await freshSchemas(SERVICES);
  const today = calendarDateAt(new Date());
  console.log(`seeding ${args.num('payments')} payable records…`);
  const dues = await billedRecords(db, args.num('payments'), addDays(today, 20), today);
  await db.destroy();

  const keys = platformKeys();
  const ports = Object.fromEntries(await Promise.all(SERVICES.map(async (s) => [s, await freePort()]))) as Record<
    ServiceName,
    number
  >;
  console.log('starting every service…');
  const started = await Promise.allSettled(
    SERVICES.map((name) => startService(name, { infra, keys, port: ports[name], env: addressEnv(ports) })),
  );
  const services = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = started.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
  const atStart = new Map(services.map((s) => [s.name, s.rssMb() ?? NaN]));
  let idle = new Map<ServiceName, number[]>();
  let load = new Map<ServiceName, number[]>();
  let loadResult: Awaited<ReturnType<typeof paymentLoad>> | undefined;
  try {
    if (failed.length > 0) throw failed[0]!;
    console.log(`idle for ${args.num('idle-seconds')} s…`);
    await sleep(args.num('idle-seconds') * 1000);
    idle = await sample(services, 500, sleep(5000));
    const payments = services.find((s) => s.name === 'payments')!;
    const client = paymentsApi(payments.address, keys.tokens);
    console.log(`payments load: ${dues.length} payments at concurrency ${args.num('concurrency')}…`);
    const running = paymentLoad(client.api, dues, args.num('concurrency'), today);
    load = await sample(services, 250, running);
    loadResult = await running;
    client.close();
  } finally {
    await Promise.all(services.map((s) => s.stop()));
  }
  const rows = SERVICES.map((name) => {
    const i = idle.get(name) ?? [];
    const l = load.get(name) ?? [];
    return {
      name,
      startedMb: atStart.get(name) ?? NaN,
      idleMb: median(i),
      peakUnderLoadMb: Math.max(...l),
      afterLoadMb: l[l.length - 1] ?? NaN,
    };
  });
  console.log(
    '\n' +
      table(
        ['service', 'just started MB', 'idle MB', 'peak under load MB'],
        rows.map((r) => [r.name, r.startedMb.toFixed(1), r.idleMb.toFixed(1), r.peakUnderLoadMb.toFixed(1)]),
      ),
  );
  const summary: SummaryRow[] = rows.map((r) => ({
    name: `memory ${r.name}`,
    platform: { value: r.idleMb, unit: 'MB idle' },
    baseline: null,
    ratio: null,
    target: `≤ ${IDLE_TARGET_MB} MB idle`,
    met: r.idleMb <= IDLE_TARGET_MB,
  }));
  report(run, {
    name: 'memory',
    quick: args.quick,
    params: {
      ...args.params,
      runtime:
        process.env.BENCH_RUNTIME === 'dist'
          ? 'node --require shared/dist/telemetry/register.js services/<svc>/dist/main.js'
          : 'node --conditions=source --require tsx/cjs --require shared/src/telemetry/register.ts services/<svc>/src/main.ts',
      idleSampling: 'median of 10 samples over 5 s after the idle wait',
    },
    rows: summary,
    details: { services: rows, load: loadResult },
  });
}

runMain(main);
