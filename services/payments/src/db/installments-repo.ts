import type { Knex } from 'knex';
import { ConflictError } from '@consorcio/shared/errors';
import type { BilledInstallment, OpenInstallment } from '../domain';

/** An installment as stored: what was billed, and how it was paid or cancelled. */
export interface StoredInstallment {
  id: string;
  groupId: string;
  quotaId: string;
  period: number;
  number: number;
  status: 'OPEN' | 'PAID' | 'CANCELLED';
  dueOn: string;
  effectiveDueOn: string;
  /** The obligation: percentages, balance base and extra lines, as the domain values it on any date. */
  open: OpenInstallment;
  billedCreditValue: bigint;
  billed: { fc: bigint; af: bigint; fr: bigint; ins: bigint; total: bigint };
  paidOn: string | null;
  paidTotal: bigint | null;
  lateFine: bigint | null;
  lateInterest: bigint | null;
  paymentId: string | null;
  createdAt: Date;
}

interface InstallmentRow {
  id: string;
  group_id: string;
  quota_id: string;
  period: number;
  number: number;
  status: StoredInstallment['status'];
  due_on: string;
  effective_due_on: string;
  fc_pct: bigint;
  af_pct: bigint;
  fr_pct: bigint;
  outstanding_pct: bigint;
  fund_revaluation: bigint;
  price_diff_fc: bigint;
  price_diff_af: bigint;
  price_diff_fr: bigint;
  price_diff_ins: bigint;
  billed_credit_value: bigint;
  billed_fc: bigint;
  billed_af: bigint;
  billed_fr: bigint;
  billed_ins: bigint;
  billed_total: bigint;
  paid_on: string | null;
  paid_total: bigint | null;
  late_fine: bigint | null;
  late_interest: bigint | null;
  payment_id: string | null;
  created_at: Date;
}

export const INSTALLMENTS = 'payments.installments';

function fromRow(r: InstallmentRow): StoredInstallment {
  return {
    id: r.id,
    groupId: r.group_id,
    quotaId: r.quota_id,
    period: r.period,
    number: r.number,
    status: r.status,
    dueOn: r.due_on,
    effectiveDueOn: r.effective_due_on,
    open: {
      period: r.period,
      dueDate: r.due_on,
      pcts: { fc: r.fc_pct, af: r.af_pct, fr: r.fr_pct },
      outstandingPct: r.outstanding_pct,
      extraLines: {
        fundRevaluation: r.fund_revaluation,
        priceDifference: { fc: r.price_diff_fc, af: r.price_diff_af, fr: r.price_diff_fr, ins: r.price_diff_ins },
      },
    },
    billedCreditValue: r.billed_credit_value,
    billed: { fc: r.billed_fc, af: r.billed_af, fr: r.billed_fr, ins: r.billed_ins, total: r.billed_total },
    paidOn: r.paid_on,
    paidTotal: r.paid_total,
    lateFine: r.late_fine,
    lateInterest: r.late_interest,
    paymentId: r.payment_id,
    createdAt: r.created_at,
  };
}

/** One billed installment to insert. */
export interface NewInstallment {
  id: string;
  groupId: string;
  quotaId: string;
  billed: BilledInstallment;
}

/** Rows per insert statement: ~30 parameters each, under Postgres' 65 535. */
const INSERT_BATCH = 1000;

/**
 * Inserts billed installments in a few statements; an installment the record already has for that period is
 * skipped (a rerun, a redelivery, a concurrent run). Resolves the ids actually inserted.
 */
export async function insertInstallments(
  trx: Knex.Transaction,
  items: readonly NewInstallment[],
): Promise<Set<string>> {
  const inserted = new Set<string>();
  for (let i = 0; i < items.length; i += INSERT_BATCH) {
    const rows = items.slice(i, i + INSERT_BATCH).map(({ id, groupId, quotaId, billed: b }) => ({
      id,
      group_id: groupId,
      quota_id: quotaId,
      period: b.period,
      number: b.installment,
      due_on: b.dueDate,
      effective_due_on: b.effectiveDue,
      fc_pct: b.pcts.fc,
      af_pct: b.pcts.af,
      fr_pct: b.pcts.fr,
      outstanding_pct: b.outstandingPct,
      fund_revaluation: b.extraLines.fundRevaluation,
      price_diff_fc: b.extraLines.priceDifference.fc,
      price_diff_af: b.extraLines.priceDifference.af,
      price_diff_fr: b.extraLines.priceDifference.fr,
      price_diff_ins: b.extraLines.priceDifference.ins,
      billed_credit_value: b.creditValue,
      billed_fc: b.amounts.fc,
      billed_af: b.amounts.af,
      billed_fr: b.amounts.fr,
      billed_ins: b.amounts.ins,
      billed_total: b.amounts.total,
    }));
    const out = await trx(INSTALLMENTS)
      .insert(rows)
      .onConflict(['quota_id', 'period'])
      .ignore()
      .returning<{ id: string }[]>('id');
    for (const r of out) inserted.add(r.id);
  }
  return inserted;
}

/** A record's open installments, oldest first. */
export async function openInstallments(db: Knex | Knex.Transaction, quotaId: string): Promise<StoredInstallment[]> {
  const rows = (await db(INSTALLMENTS)
    .where({ quota_id: quotaId, status: 'OPEN' })
    .orderBy('period')) as InstallmentRow[];
  return rows.map(fromRow);
}

/** A page of a record's installments, oldest first, after `afterPeriod`. */
export async function listInstallments(
  db: Knex,
  quotaId: string,
  afterPeriod: number,
  limit: number,
): Promise<StoredInstallment[]> {
  const rows = (await db(INSTALLMENTS)
    .where({ quota_id: quotaId })
    .andWhere('period', '>', afterPeriod)
    .orderBy('period')
    .limit(limit)) as InstallmentRow[];
  return rows.map(fromRow);
}

export async function getInstallment(db: Knex | Knex.Transaction, id: string): Promise<StoredInstallment | null> {
  const row = (await db(INSTALLMENTS).where({ id }).first()) as InstallmentRow | undefined;
  return row ? fromRow(row) : null;
}

/** Marks an OPEN installment paid; one cancelled meanwhile (its group cancelled, its record excluded) is a conflict. */
export async function markPaid(
  trx: Knex.Transaction,
  id: string,
  paid: { paidOn: string; total: bigint; lateFine: bigint; lateInterest: bigint; paymentId: string },
): Promise<void> {
  const updated = await trx(INSTALLMENTS).where({ id, status: 'OPEN' }).update({
    status: 'PAID',
    paid_on: paid.paidOn,
    paid_total: paid.total,
    late_fine: paid.lateFine,
    late_interest: paid.lateInterest,
    payment_id: paid.paymentId,
  });
  if (updated !== 1) throw new ConflictError(`installment ${id} is no longer open (cancelled while being paid)`);
}

/** Cancels every open installment of a record; resolves the ones cancelled. */
export async function cancelOpenInstallments(
  trx: Knex.Transaction,
  quotaId: string,
  reason: string,
): Promise<StoredInstallment[]> {
  const rows = (await trx(INSTALLMENTS)
    .where({ quota_id: quotaId, status: 'OPEN' })
    .update({ status: 'CANCELLED', cancel_reason: reason })
    .returning('*')) as InstallmentRow[];
  return rows.map(fromRow).sort((a, b) => a.period - b.period);
}

/** The periods a record has an installment for (billed, paid or cancelled). */
export async function billedPeriods(db: Knex | Knex.Transaction, quotaId: string): Promise<Set<number>> {
  const rows = await db(INSTALLMENTS).where({ quota_id: quotaId }).select<{ period: number }[]>('period');
  return new Set(rows.map((r) => r.period));
}

/** Installments of the record's current schedule already billed (paid or open): what a rebuild keeps as is. */
export async function billedInSchedule(trx: Knex.Transaction, quotaId: string, firstPeriod: number): Promise<number> {
  const [row] = await trx(INSTALLMENTS)
    .where({ quota_id: quotaId })
    .andWhere('period', '>=', firstPeriod)
    .whereNot({ status: 'CANCELLED' })
    .count<{ n: string | bigint }[]>('* as n');
  return Number(row?.n ?? 0);
}
