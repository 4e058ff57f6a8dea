// Payments' records for the benchmarks, seeded straight into payments' tables as groups' events would leave them
// (G-DEMO-like schedules, ACTIVE, installment 1 paid), and the RecordPayment load driven over gRPC.
import type { Knex } from 'knex';
import { ControlledClock } from '@consorcio/shared/clock';
import {
  PaymentsServiceClient,
  type PaymentsServiceServer,
} from '@consorcio/shared/gen/consorcio/payments/v1/payments_service';
import { createClient, promiseClient, type PromiseClient } from '@consorcio/shared/grpc';
import type { TestTokens } from '@consorcio/shared/harness';
import { newId } from '@consorcio/shared/ids';
import { createLogger } from '@consorcio/shared/log';
import { runBilling } from '../../services/payments/src/app/billing-run';
import type { PaymentsDeps } from '../../services/payments/src/app/deps';
import { PAYMENTS_SERVICE_NAME } from '../../services/payments/src/service';
import { latency, since, type Latency } from './stats';

/** Inserts `records` ACTIVE records in groups of `groupSize`; resolves the group ids. */
export async function seedRecords(
  db: Knex,
  records: number,
  o: { groupSize: number; constitutedOn: string; dueDay: number },
): Promise<string[]> {
  const groups: string[] = [];
  for (let start = 0; start < records; start += o.groupSize) {
    const size = Math.min(o.groupSize, records - start);
    const groupId = newId();
    groups.push(groupId);
    await db('payments.groups').insert({
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
      due_day: o.dueDay,
      constituted_on: o.constitutedOn,
    });
    await db('payments.credit_values').insert({
      group_id: groupId,
      effective_on: '-infinity',
      credit_value: 6_000_000n,
    });
    await db.raw(
      `insert into payments.quotas (id, group_id, number, version, member_id, status, insurance_opt_in, enrolled_period,
         first_period, installment_count, regular_fc_pct, regular_af_pct, regular_fr_pct, last_fc_pct, last_af_pct,
         last_fr_pct, paid_fc_pct, paid_af_pct, paid_fr_pct, paid_count)
       select gen_random_uuid(), ?, n, 1, gen_random_uuid(), 'ACTIVE', n % 2 = 0, 1, 1, 72, 13888, 2500, 333, 13952,
         2500, 357, 13888, 2500, 333, 1
       from generate_series(1, ?) as n`,
      [groupId, size],
    );
  }
  await db.raw('analyze payments.quotas');
  return groups;
}

/** The billing use cases read only the pool and the clock (a run is called in-process, as RunBilling's body). */
export function billingDeps(db: Knex, today: string): PaymentsDeps {
  const deps: Pick<PaymentsDeps, 'db' | 'clock' | 'log'> = {
    db,
    clock: new ControlledClock(`${today}T12:00:00Z`),
    log: createLogger({ service: 'bench', level: 'silent' }),
  };
  return deps as PaymentsDeps;
}

export interface Due {
  quotaId: string;
  amount: bigint;
}

/**
 * Records with one open installment each, ready to be paid: seeded, period 2 billed (due on `dueOn`), and the
 * billing's events marked published — setup, not what is measured.
 */
export async function billedRecords(db: Knex, records: number, dueOn: string, today: string): Promise<Due[]> {
  const groups = await seedRecords(db, records, { groupSize: 5000, constitutedOn: '2025-01-20', dueDay: 10 });
  const deps = billingDeps(db, today);
  for (const groupId of groups)
    await runBilling(deps, { correlationId: 'bench-setup', userId: null }, { groupId, period: 2, dueOn });
  await db('payments.outbox').whereNull('published_at').update({ published_at: db.fn.now() });
  await db.raw('analyze');
  const rows = await db('payments.installments')
    .where({ period: 2, status: 'OPEN' })
    .orderBy('id')
    .select<{ quota_id: string; billed_total: bigint }[]>('quota_id', 'billed_total');
  return rows.map((r) => ({ quotaId: r.quota_id, amount: BigInt(r.billed_total) }));
}

/** A payments client acting as an operator; its token is signed once and renewed every five minutes. */
export function paymentsApi(
  address: string,
  tokens: TestTokens,
): { api: PromiseClient<PaymentsServiceServer>; close(): void } {
  let token: { value: Promise<string>; at: number } | undefined;
  const bearerToken = () => {
    if (!token || Date.now() - token.at > 300_000) token = { value: tokens.token(['OPERATOR']), at: Date.now() };
    return token.value;
  };
  const client = createClient(PaymentsServiceClient, PAYMENTS_SERVICE_NAME, address, { bearerToken });
  return { api: promiseClient<PaymentsServiceServer>(client), close: () => client.close() };
}

export interface LoadResult {
  concurrency: number;
  attempted: number;
  ok: number;
  errors: number;
  firstError?: string;
  seconds: number;
  perSecond: number;
  latency: Latency;
}

/** Pays each due installment once, `concurrency` callers at a time, each call waiting for its answer. */
export async function paymentLoad(
  api: PromiseClient<PaymentsServiceServer>,
  dues: readonly Due[],
  concurrency: number,
  paidOn: string,
): Promise<LoadResult> {
  const ms: number[] = [];
  let next = 0;
  let errors = 0;
  let firstError: string | undefined;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < dues.length; i = next++) {
        const due = dues[i]!;
        const t = performance.now();
        try {
          await api.recordPayment({
            quotaId: due.quotaId,
            idempotencyKey: `bench-${due.quotaId}`,
            amountCentavos: due.amount,
            paidOn,
          });
          ms.push(since(t));
        } catch (err) {
          errors++;
          firstError ??= err instanceof Error ? err.message : String(err);
        }
      }
    }),
  );
  const seconds = since(t0) / 1000;
  return {
    concurrency,
    attempted: dues.length,
    ok: ms.length,
    errors,
    ...(firstError ? { firstError } : {}),
    seconds: Math.round(seconds * 100) / 100,
    perSecond: Math.round((ms.length / seconds) * 10) / 10,
    latency: latency(ms),
  };
}

/** Journal entries whose debits and credits differ (must be 0). */
export async function unbalancedEntries(db: Knex): Promise<number> {
  const { rows } = await db.raw<{ rows: { n: string }[] }>(
    `select count(*) as n from (select entry_id from payments.journal_lines group by entry_id
      having sum(debit) <> sum(credit)) x`,
  );
  return Number(rows[0]?.n ?? 0);
}
