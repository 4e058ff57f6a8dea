// Billing rows per second and payments per second of the payments service, on the test servers (start them with
// `CONSORCIO_INFRA_PROFILE=test npm run infra:up`). The records are seeded straight into payments' projection (as
// groups' events would leave them: G-DEMO schedules, ACTIVE), then period 2 is billed through the API — the real
// set-based run, journal and outbox included, called in-process since a big run outlasts any API deadline — and then `--payments` payments are recorded through the API by
// `--concurrency` callers at once, each under its quota's Redlock lock and fence.
// Run: `npm run bench:payments [-- --records 100000 --payments 2000 --concurrency 16]`.
import { parseArgs } from 'node:util';
import { newId } from '@consorcio/shared/ids';
import { runBilling } from '../services/payments/src/app/billing-run';
import { startPaymentsHarness, type PaymentsHarness } from '../services/payments/test/integration/harness';

const GROUP_SIZE = 100_000;

async function seed(h: PaymentsHarness, records: number): Promise<string[]> {
  const groups: string[] = [];
  for (let start = 0; start < records; start += GROUP_SIZE) {
    const size = Math.min(GROUP_SIZE, records - start);
    const groupId = newId();
    groups.push(groupId);
    await h.db('payments.groups').insert({
      id: groupId,
      code: `BENCH-${groups.length}`,
      status: 'ACTIVE',
      max_quotas: size,
      term_months: 72,
      admin_fee_total_pct: 180_000n,
      admin_fee_upfront_pct: 0n,
      reserve_fund_total_pct: 24_000n,
      insurance_monthly_pct: 380n,
      late_fine_pct: 20_000n,
      late_interest_monthly_pct: 10_000n,
      late_fees_group_share_pct: 500_000n,
      exclusion_threshold: 3,
      exclusion_penalty_pct: 100_000n,
      due_day: 10,
      constituted_on: '2025-01-20',
    });
    await h
      .db('payments.credit_values')
      .insert({ group_id: groupId, effective_on: '-infinity', credit_value: 6_000_000n });
    // One statement per group: gen_random_uuid() ids, every record a G-DEMO founder with installment 1 paid.
    await h.db.raw(
      `insert into payments.quotas (id, group_id, number, version, member_id, status, insurance_opt_in, enrolled_period,
         first_period, installment_count, regular_fc_pct, regular_af_pct, regular_fr_pct, last_fc_pct, last_af_pct,
         last_fr_pct, paid_fc_pct, paid_af_pct, paid_fr_pct, paid_count)
       select gen_random_uuid(), ?, n, 1, gen_random_uuid(), 'ACTIVE', n % 2 = 0, 1, 1, 72, 13888, 2500, 333, 13952,
         2500, 357, 13888, 2500, 333, 1
       from generate_series(1, ?) as n`,
      [groupId, size],
    );
  }
  await h.db.raw('analyze payments.quotas');
  return groups;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      records: { type: 'string', default: '100000' },
      payments: { type: 'string', default: '2000' },
      concurrency: { type: 'string', default: '16' },
    },
  });
  const records = Number(values.records);
  const paymentsWanted = Number(values.payments);
  const concurrency = Number(values.concurrency);
  const h = await startPaymentsHarness();
  try {
    const groups = await seed(h, records);
    const deps = h.replicas[0]!.deps;
    const t0 = performance.now();
    let billed = 0;
    for (const groupId of groups) {
      // The use case itself (the RunBilling rpc's body): a million rows take longer than an API deadline.
      const r = await runBilling(
        deps,
        { correlationId: `bench-${groupId}`, userId: null },
        { groupId, period: 2, dueOn: '2025-02-10' },
      );
      billed += r.billed;
    }
    const billingSeconds = (performance.now() - t0) / 1000;
    if (billed !== records) throw new Error(`billed ${billed} of ${records}`);

    // Let the relay publish the billing's events first: payments are measured on a quiet service.
    const drainStarted = performance.now();
    for (;;) {
      const [row] = await h.db('payments.outbox').whereNull('published_at').count<{ n: string }[]>('* as n');
      if (Number(row?.n ?? 0) === 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const drainSeconds = (performance.now() - drainStarted) / 1000;
    const due = await h
      .db('payments.installments')
      .where({ period: 2 })
      .limit(paymentsWanted)
      .select<{ quota_id: string; billed_total: bigint }[]>('quota_id', 'billed_total');
    const latencies: number[] = [];
    let next = 0;
    const t1 = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let i = next++; i < due.length; i = next++) {
          const row = due[i]!;
          const t = performance.now();
          await h.api.recordPayment({
            quotaId: row.quota_id,
            idempotencyKey: `bench-${row.quota_id}`,
            amountCentavos: BigInt(row.billed_total),
            paidOn: '2025-02-10',
          });
          latencies.push(performance.now() - t);
        }
      }),
    );
    const paymentSeconds = (performance.now() - t1) / 1000;
    latencies.sort((a, b) => a - b);
    const unbalanced = await h.db.raw<{ rows: { n: string }[] }>(
      `select count(*) as n from (select entry_id from payments.journal_lines group by entry_id
        having sum(debit) <> sum(credit)) x`,
    );
    const result = {
      name: 'payments',
      billing: { records, groups: groups.length, seconds: billingSeconds, rowsPerSecond: records / billingSeconds },
      relay: { events: 2 * records, drainSeconds, eventsPerSecond: (2 * records) / drainSeconds },
      payments: {
        count: due.length,
        concurrency,
        seconds: paymentSeconds,
        perSecond: due.length / paymentSeconds,
        p50Ms: percentile(latencies, 50),
        p99Ms: percentile(latencies, 99),
      },
      unbalancedEntries: Number(unbalanced.rows[0]?.n ?? 0),
    };
    console.log(
      `billing   ${records} installments in ${billingSeconds.toFixed(1)} s: ${result.billing.rowsPerSecond.toFixed(0)} rows/s`,
    );
    console.log(`relay     ${2 * records} events published in ${drainSeconds.toFixed(1)} s after the run`);
    console.log(
      `payments  ${due.length} at concurrency ${concurrency} in ${paymentSeconds.toFixed(1)} s: ` +
        `${result.payments.perSecond.toFixed(0)} payments/s (p50 ${result.payments.p50Ms.toFixed(1)} ms, ` +
        `p99 ${result.payments.p99Ms.toFixed(1)} ms)`,
    );
    console.log(JSON.stringify(result));
  } finally {
    await h.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
