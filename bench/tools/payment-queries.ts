// Where one RecordPayment's time goes in PostgreSQL: runs the use case in-process (as the gRPC handler does, with
// the same lock service), on the bench database, and records every statement knex sends — how many per payment,
// their client-side time — then EXPLAIN ANALYZEs one sample of each (writes inside a rolled-back transaction).
// Run: `node --conditions=source --require tsx/cjs bench/tools/payment-queries.ts [--payments 300] [--explain]`.
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { addDays, calendarDateAt } from '@consorcio/shared/clock';
import { createRedis } from '@consorcio/shared/cache';
import { LOCK_REDIS_OPTIONS, LockService } from '@consorcio/shared/locks';
import { recordPayment } from '../../services/payments/src/app/record-payment';
import { benchInfra, freshSchemas } from '../support/infra';
import { billedRecords, billingDeps } from '../support/payments';
import { traceQueries } from '../support/query-trace';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { payments: { type: 'string', default: '300' }, explain: { type: 'boolean', default: false } },
  });
  const n = Number(values.payments);
  const infra = await benchInfra();
  const db = await freshSchemas(['payments']);
  const today = calendarDateAt(new Date());
  const dues = await billedRecords(db, n + 20, addDays(today, 20), today);
  const redis = createRedis(infra.redisUrl, { ...LOCK_REDIS_OPTIONS });
  const deps = {
    ...billingDeps(db, today),
    locks: new LockService({ redis, db, schema: 'payments', retryCount: 40, retryDelayMs: 50, retryJitterMs: 25 }),
  };
  const pay = (i: number) =>
    recordPayment(
      deps,
      { correlationId: `q-${i}`, userId: null },
      {
        quotaId: dues[i]!.quotaId,
        idempotencyKey: `q-${dues[i]!.quotaId}`,
        amount: dues[i]!.amount,
        paidOn: today,
        source: 'API',
      },
    );
  for (let i = 0; i < 20; i++) await pay(i); // warm-up

  const trace = traceQueries(db);
  const t0 = performance.now();
  for (let i = 20; i < n + 20; i++) await pay(i);
  const wall = performance.now() - t0;
  trace.stop();
  console.log(`${n} payments, one at a time: ${(wall / n).toFixed(2)} ms each`);
  trace.print(n, 40);
  const rows = trace.stats();
  if (values.explain) {
    const pg = new Client({ connectionString: infra.databaseUrl });
    await pg.connect();
    for (const r of rows.filter((x) => /^\s*(select|insert|update|delete|with)/i.test(x.sql))) {
      await pg.query('begin');
      try {
        const plan = await pg.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${r.sql}`, [...r.bindings]);
        console.log(
          `\n${r.sql.replace(/\s+/g, ' ').slice(0, 160)}\n${plan.rows.map((p) => p['QUERY PLAN']).join('\n')}`,
        );
      } catch (err) {
        console.log(`\n${r.sql.slice(0, 100)}: ${String(err)}`);
      } finally {
        await pg.query('rollback');
      }
    }
    await pg.end();
  }
  redis.disconnect();
  await db.destroy();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
