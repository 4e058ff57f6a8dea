// One billing cycle: `runDueBilling` (the body of the RunDueBilling rpc and of the billing reminders) over many
// groups of records seeded straight into payments' tables, billing period 2 of each — installments, their E2 journal
// entries and `payments.installment.billed` outbox rows, set-based, in chunks of 2,000 records per transaction —
// against `COPY … FROM STDIN` (psql's \copy) of the same rows (exported from the run) into a table shaped like
// payments.installments (same columns, indexes and checks). Target (not asserted): ≥ 0.5 × COPY rows/s.
// The outbox's events are not published here (no relay runs): `npm run bench:events` measures that path.
// Run: `npm run bench:billing [-- --quick | --installments 1000000 --group-size 5000]`.
import { execFileSync } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runDueBilling } from '../services/payments/src/app/billing-run';
import { billingDate, periodDueDate } from '../services/payments/src/domain';
import { benchArgs } from './support/args';
import { benchInfra, freshSchemas, pgSettings } from './support/infra';
import { billingDeps, seedRecords } from './support/payments';
import { traceQueries } from './support/query-trace';
import { compare, report, runMain, startRun } from './support/report';
import { round, since } from './support/stats';

const args = benchArgs('billing', 'One billing cycle across many groups vs COPY of the same rows.', {
  installments: { full: '1000000', quick: '20000', help: 'installments the cycle bills (one per record)' },
  'group-size': { full: '5000', quick: '2000', help: 'records per group' },
});

const CONSTITUTED_ON = '2025-01-20';
const DUE_DAY = 10;

function psql(url: string, command: string): void {
  execFileSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qc', command], { stdio: ['ignore', 'ignore', 'inherit'] });
}

async function main(): Promise<void> {
  const run = startRun();
  const n = args.num('installments');
  const groupSize = args.num('group-size');
  const infra = await benchInfra();
  const db = await freshSchemas(['payments']);
  const settings = await pgSettings(db);
  console.log(`seeding ${n} records in groups of ${groupSize}…`);
  const groups = await seedRecords(db, n, { groupSize, constitutedOn: CONSTITUTED_ON, dueDay: DUE_DAY });
  // The first day period 2 is due for billing, and not period 3: the cycle bills exactly one period of each group.
  const on = billingDate(periodDueDate(CONSTITUTED_ON, DUE_DAY, 2));
  await db.raw('checkpoint');

  console.log(`billing cycle of ${on}…`);
  const trace = process.env.BENCH_TRACE_SQL ? traceQueries(db) : undefined;
  const t0 = performance.now();
  const cycle = await runDueBilling(billingDeps(db, on), { correlationId: 'bench-billing', userId: null }, { on });
  const billingSeconds = since(t0) / 1000;
  trace?.stop();
  trace?.print();
  if (cycle.billed !== n || cycle.runs !== groups.length)
    throw new Error(`billed ${cycle.billed} installments in ${cycle.runs} runs, expected ${n} in ${groups.length}`);
  const written = await db.raw<{ rows: Record<string, string>[] }>(
    `select (select count(*) from payments.installments) as installments,
            (select count(*) from payments.journal_entries) as journal_entries,
            (select count(*) from payments.journal_lines) as journal_lines,
            (select count(*) from payments.outbox) as outbox,
            (select avg(pg_column_size(i.*))::int from payments.installments i) as avg_row_bytes`,
  );
  const w = Object.fromEntries(Object.entries(written.rows[0]!).map(([k, v]) => [k, Number(v)]));

  // The baseline: the same rows, COPYed into a table of the same shape (no foreign keys: LIKE does not copy them).
  const file = path.join(tmpdir(), `consorcio-bench-installments-${process.pid}.tsv`);
  try {
    psql(infra.databaseUrl, `\\copy (select * from payments.installments) to '${file}'`);
    await db.raw('drop schema if exists bench_copy cascade; create schema bench_copy');
    await db.raw('create table bench_copy.installments (like payments.installments including all)');
    await db.raw('checkpoint');
    console.log(`COPY of ${n} rows…`);
    const t1 = performance.now();
    psql(infra.databaseUrl, `\\copy bench_copy.installments from '${file}'`);
    const copySeconds = since(t1) / 1000;
    const fileBytes = statSync(file).size;
    await db.raw('drop schema bench_copy cascade');
    await db.destroy();

    const platform = n / billingSeconds;
    const baseline = n / copySeconds;
    report(run, {
      name: 'billing',
      quick: args.quick,
      params: { ...args.params, groups: groups.length, billedPeriod: 2, billingDate: on, chunk: 2000 },
      environment: { postgres: settings },
      rows: [
        compare(
          `billing ${n.toLocaleString('en-US')}`,
          { value: platform, unit: 'installments/s' },
          { value: baseline, unit: 'rows/s (COPY)' },
          '≥ 0.5 × COPY',
          (r) => r >= 0.5,
        ),
      ],
      details: {
        billing: {
          seconds: round(billingSeconds, 2),
          installmentsPerSecond: Math.round(platform),
          rowsWritten: w,
          rowsWrittenPerSecond: Math.round(
            (w.installments! + w.journal_entries! + w.journal_lines! + w.outbox!) / billingSeconds,
          ),
        },
        copy: {
          seconds: round(copySeconds, 2),
          rowsPerSecond: Math.round(baseline),
          textBytesPerRow: Math.round(fileBytes / n),
          avgRowBytes: w.avg_row_bytes,
          table: 'like payments.installments including all (PK, unique (quota_id, period), 2 more indexes, checks)',
        },
      },
    });
  } finally {
    rmSync(file, { force: true });
  }
}

runMain(main);
