// RecordPayment over gRPC — Redlock lock + fence, the payment, the installment, the record, journal entries and the
// outbox row in one transaction — from C concurrent callers, against the payments service in its own process (its
// real main.ts, as the supervisor starts it), on records seeded straight into payments' tables with one billed
// installment each; and, on the same PostgreSQL between the platform's runs, `pgbench -b tpcb-like -c C -j 2 -T s`
// on a pgbench database of scale --scale. Target (not asserted): payments/s ≥ 0.6 × pgbench TPS at each C.
// Run: `npm run bench:payments [-- --quick | --concurrency 1,8,32 --payments 3000 --pgbench-seconds 20 --scale 10]`.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import type { Knex } from 'knex';
import { addDays, calendarDateAt } from '@consorcio/shared/clock';
import { benchArgs } from './support/args';
import { backendCpu, benchInfra, cpuDelta, freshSchemas, pgSettings } from './support/infra';
import { billedRecords, paymentLoad, paymentsApi, unbalancedEntries, type LoadResult } from './support/payments';
import { compare, report, runMain, startRun, table } from './support/report';
import { freePort, platformKeys, startService } from './support/services';
import { round, sleep } from './support/stats';

const PGBENCH = process.env.PGBENCH ?? '/usr/lib/postgresql/15/bin/pgbench';
const PGBENCH_DB = 'consorcio_pgbench';

const args = benchArgs('payments', 'RecordPayment over gRPC vs pgbench tpcb-like at the same client counts.', {
  concurrency: { full: '1,8,32', quick: '1,8,32', help: 'concurrent callers (and pgbench clients), comma-separated' },
  payments: { full: '3000', quick: '150', help: 'payments recorded at each concurrency' },
  'pgbench-seconds': { full: '20', quick: '3', help: 'duration of each pgbench run (-T)' },
  scale: { full: '10', quick: '2', help: 'pgbench scale factor (-i -s)' },
});

interface Pgbench {
  clients: number;
  threads: number;
  seconds: number;
  tps: number;
  latencyAvgMs: number;
  /** CPU of its server backends per transaction (sampled every 100 ms: the last < 100 ms of each is missed). */
  dbCpuMsPerTx: number;
}

function connArgs(databaseUrl: string): string[] {
  const u = new URL(databaseUrl);
  return ['-h', u.hostname, '-p', u.port || '5432', '-U', decodeURIComponent(u.username || 'postgres')];
}

async function runPgbench(db: Knex, databaseUrl: string, clients: number, seconds: number): Promise<Pgbench> {
  const threads = Math.min(2, clients);
  const running = promisify(execFile)(PGBENCH, [
    ...connArgs(databaseUrl),
    ...['-b', 'tpcb-like', '-c', String(clients), '-j', String(threads), '-T', String(seconds), PGBENCH_DB],
  ]);
  let done = false;
  void running.finally(() => (done = true)).catch(() => undefined);
  const cpu = new Map<number, number>();
  while (!done) {
    for (const [pid, ms] of await backendCpu(db, 'pgbench', PGBENCH_DB)) cpu.set(pid, Math.max(ms, cpu.get(pid) ?? 0));
    await sleep(100);
  }
  const { stdout } = await running;
  const tps = /^tps = ([\d.]+)/m.exec(stdout);
  const lat = /^latency average = ([\d.]+) ms/m.exec(stdout);
  if (!tps) throw new Error(`pgbench printed no tps:\n${stdout}`);
  const transactions = Number(/^number of transactions actually processed: (\d+)/m.exec(stdout)?.[1] ?? NaN);
  return {
    clients,
    threads,
    seconds,
    tps: Number(tps[1]),
    latencyAvgMs: Number(lat?.[1] ?? NaN),
    dbCpuMsPerTx: round(cpuDelta(new Map(), cpu) / transactions, 3),
  };
}

async function main(): Promise<void> {
  const run = startRun();
  const levels = args.nums('concurrency');
  const perLevel = args.num('payments');
  const infra = await benchInfra({ processes: true });
  const db = await freshSchemas(['payments']);
  const settings = await pgSettings(db);
  const warm = Math.min(200, Math.max(20, Math.round(perLevel / 10)));
  const today = calendarDateAt(new Date());
  console.log(`seeding ${perLevel * levels.length + warm} records with an open installment…`);
  const dues = await billedRecords(db, perLevel * levels.length + warm, addDays(today, 20), today);

  // The pgbench database, initialized in the same server (pgbench -i drops and recreates its tables).
  const admin = new URL(infra.databaseUrl);
  const exists = await db.raw<{ rows: unknown[] }>('select 1 from pg_database where datname = ?', [PGBENCH_DB]);
  if (exists.rows.length === 0) await db.raw(`create database ${PGBENCH_DB}`);
  console.log(`pgbench -i -s ${args.num('scale')} on ${admin.host}/${PGBENCH_DB}…`);
  const initStarted = performance.now();
  execFileSync(PGBENCH, [...connArgs(infra.databaseUrl), '-i', '-q', '-s', String(args.num('scale')), PGBENCH_DB], {
    stdio: 'ignore',
  });
  const initSeconds = (performance.now() - initStarted) / 1000;

  const keys = platformKeys();
  const service = await startService('payments', { infra, keys, port: await freePort() });
  const client = paymentsApi(service.address, keys.tokens);
  const levelsOut: {
    platform: LoadResult & { serviceCpuMsPerPayment: number; dbCpuMsPerPayment: number };
    pgbench: Pgbench;
  }[] = [];
  try {
    await paymentLoad(client.api, dues.slice(0, warm), 4, today); // warm-up: connections, JIT, caches
    let offset = warm;
    for (const c of levels) {
      const [cpu0, db0] = [service.cpuMs() ?? 0, await backendCpu(db, 'payments')];
      const load = await paymentLoad(client.api, dues.slice(offset, offset + perLevel), c, today);
      const [cpu1, db1] = [service.cpuMs() ?? 0, await backendCpu(db, 'payments')];
      const platform = {
        ...load,
        serviceCpuMsPerPayment: round((cpu1 - cpu0) / load.ok, 3),
        dbCpuMsPerPayment: round(cpuDelta(db0, db1) / load.ok, 3),
      };
      offset += perLevel;
      if (platform.errors > 0) console.warn(`c=${c}: ${platform.errors} calls failed, first: ${platform.firstError}`);
      const pg = await runPgbench(db, infra.databaseUrl, c, args.num('pgbench-seconds'));
      console.log(`c=${c}: ${platform.perSecond} payments/s (p50 ${platform.latency.p50Ms} ms), pgbench ${pg.tps} TPS`);
      levelsOut.push({ platform, pgbench: pg });
    }
  } finally {
    client.close();
    await service.stop();
  }
  const counts = await db.raw<{ rows: { payments: string; outbox: string }[] }>(
    `select (select count(*) from payments.payments) as payments, (select count(*) from payments.outbox
      where event_type = 'payments.installment.paid') as outbox`,
  );
  const unbalanced = await unbalancedEntries(db);
  await db.destroy();

  console.log(
    '\n' +
      table(
        [
          'C',
          'payments',
          'payments/s',
          'p50 ms',
          'p99 ms',
          'errors',
          'svc CPU ms',
          'db CPU ms',
          'pgbench TPS',
          'avg ms',
          'db CPU ms',
          'ratio',
        ],
        levelsOut.map(({ platform: p, pgbench: g }) => [
          String(p.concurrency),
          String(p.ok),
          p.perSecond.toFixed(1),
          p.latency.p50Ms.toFixed(2),
          p.latency.p99Ms.toFixed(2),
          String(p.errors),
          p.serviceCpuMsPerPayment.toFixed(2),
          p.dbCpuMsPerPayment.toFixed(2),
          g.tps.toFixed(1),
          g.latencyAvgMs.toFixed(2),
          g.dbCpuMsPerTx.toFixed(2),
          (p.perSecond / g.tps).toFixed(2),
        ]),
      ),
  );
  report(run, {
    name: 'payments',
    quick: args.quick,
    params: {
      ...args.params,
      warmUpPayments: warm,
      pgbench: `-b tpcb-like -c C -j min(2,C) -T ${args.str('pgbench-seconds')}`,
    },
    environment: { postgres: settings },
    rows: levelsOut.map(({ platform, pgbench: g }) =>
      compare(
        `payments c=${platform.concurrency}`,
        { value: platform.perSecond, unit: 'payments/s' },
        { value: g.tps, unit: 'TPS (pgbench)' },
        '≥ 0.6 × pgbench',
        (r) => r >= 0.6,
      ),
    ),
    details: {
      levels: levelsOut,
      pgbenchInitSeconds: Math.round(initSeconds * 10) / 10,
      paymentsStored: Number(counts.rows[0]?.payments),
      paidEventsInOutbox: Number(counts.rows[0]?.outbox),
      unbalancedJournalEntries: unbalanced,
    },
  });
}

runMain(main);
