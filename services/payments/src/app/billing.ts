import type { Knex } from 'knex';
import { appendToOutbox } from '@consorcio/shared/bus';
import { newId } from '@consorcio/shared/ids';
import {
  BANK_HOLIDAYS,
  billInstallment,
  installmentBilledEntry,
  NO_PRICE_DIFFERENCE,
  type BilledInstallment,
} from '../domain';
import type { PaymentsGroup } from '../db/groups-repo';
import { insertInstallments } from '../db/installments-repo';
import { postJournal } from '../db/journal-repo';
import type { PaymentsQuota } from '../db/quotas-repo';
import { outgoing } from '../events/outgoing';
import { SCHEMA } from './deps';
import { paymentsMetrics } from './metrics';
import { amountsMessage, quotaRef } from './refs';

/** What to bill: one period's installment of each record, due on one date, valued at one credit value. */
export interface BillingOrder {
  group: PaymentsGroup;
  period: number;
  dueOn: string;
  creditValue: bigint;
  /** The date the entries are posted on (the billing date). */
  businessDate: string;
  correlationId: string;
}

/**
 * Bills `order.period` for each record (domain §4.5) in the caller's transaction, set-based: the installments in a
 * few insert statements (a record that already has its installment for the period is skipped), one E2 entry and one
 * `payments.installment.billed` event per installment actually billed. Resolves how many were billed.
 */
export async function billRecords(
  trx: Knex.Transaction,
  order: BillingOrder,
  records: readonly PaymentsQuota[],
): Promise<number> {
  const revaluation = await pendingRevaluationLines(trx, order.period, records);
  const items = records.map((q) => ({
    id: newId(),
    groupId: order.group.id,
    quotaId: q.id,
    quota: q,
    billed: billInstallment({
      schedule: q.schedule,
      period: order.period,
      dueDate: order.dueOn,
      holidays: BANK_HOLIDAYS,
      creditValue: order.creditValue,
      insurance: { optIn: q.insuranceOptIn, monthlyPct: order.group.insuranceMonthlyPct },
      extraLines: { fundRevaluation: revaluation.get(q.id) ?? 0n, priceDifference: NO_PRICE_DIFFERENCE },
    }),
  }));
  const inserted = await insertInstallments(trx, items);
  const billed = items.filter((i) => inserted.has(i.id));
  if (billed.length === 0) return 0;
  paymentsMetrics.billed.inc(billed.length);
  await appendToOutbox(
    trx,
    SCHEMA,
    billed.map((i) => billedEvent(i.id, i.quota, i.billed, order.correlationId)),
  );
  await postJournal(
    trx,
    billed.map((i) => ({
      entry: installmentBilledEntry({ total: i.billed.amounts.total, installment: i.id }),
      groupId: order.group.id,
      cause: `billing:${order.group.id}:${order.period}`,
      businessDate: order.businessDate,
    })),
    order.correlationId,
  );
  return billed.length;
}

/** The fund-revaluation lines (§10.3) waiting for these records' installment of `period`. */
async function pendingRevaluationLines(
  trx: Knex.Transaction,
  period: number,
  records: readonly PaymentsQuota[],
): Promise<Map<string, bigint>> {
  const rows = await trx('payments.pending_extra_lines')
    .where({ period })
    .whereIn(
      'quota_id',
      records.map((q) => q.id),
    )
    .select<{ quota_id: string; fund_revaluation: bigint }[]>('quota_id', 'fund_revaluation');
  return new Map(rows.map((r) => [r.quota_id, r.fund_revaluation]));
}

function billedEvent(id: string, quota: PaymentsQuota, b: BilledInstallment, correlationId: string) {
  return outgoing(
    'payments.installment.billed',
    quota.id,
    {
      quota: quotaRef(quota),
      installmentId: id,
      period: b.period,
      number: b.installment,
      dueOn: b.dueDate,
      effectiveDueOn: b.effectiveDue,
      percentages: { fcPct: b.pcts.fc, afPct: b.pcts.af, frPct: b.pcts.fr },
      creditValueCentavos: b.creditValue,
      amounts: amountsMessage(b.amounts),
    },
    correlationId,
  );
}
