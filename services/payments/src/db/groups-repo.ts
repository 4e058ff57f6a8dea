import type { Knex } from 'knex';
import { NotFoundError } from '@consorcio/shared/errors';
import type { LateFeeRates, PlanRates } from '../domain';

/** A group as payments knows it: its money parameters and status, from groups' events. */
export interface PaymentsGroup {
  id: string;
  code: string;
  status: string;
  maxQuotas: number;
  termMonths: number;
  rates: PlanRates;
  insuranceMonthlyPct: bigint;
  lateFeeRates: LateFeeRates;
  exclusionThreshold: number;
  exclusionPenaltyPct: bigint;
  dueDay: number;
  constitutedOn: string | null;
}

interface GroupRow {
  id: string;
  code: string;
  status: string;
  max_quotas: number;
  term_months: number;
  admin_fee_total_pct: bigint;
  admin_fee_upfront_pct: bigint;
  reserve_fund_total_pct: bigint;
  insurance_monthly_pct: bigint;
  late_fine_pct: bigint;
  late_interest_monthly_pct: bigint;
  late_fees_group_share_pct: bigint;
  exclusion_threshold: number;
  exclusion_penalty_pct: bigint;
  due_day: number;
  constituted_on: string | null;
}

const TABLE = 'payments.groups';

function fromRow(r: GroupRow): PaymentsGroup {
  return {
    id: r.id,
    code: r.code,
    status: r.status,
    maxQuotas: r.max_quotas,
    termMonths: r.term_months,
    rates: {
      adminFeeTotalPct: r.admin_fee_total_pct,
      adminFeeUpfrontPct: r.admin_fee_upfront_pct,
      reserveFundTotalPct: r.reserve_fund_total_pct,
    },
    insuranceMonthlyPct: r.insurance_monthly_pct,
    lateFeeRates: {
      lateFinePct: r.late_fine_pct,
      lateInterestMonthlyPct: r.late_interest_monthly_pct,
      lateFeesGroupSharePct: r.late_fees_group_share_pct,
    },
    exclusionThreshold: r.exclusion_threshold,
    exclusionPenaltyPct: r.exclusion_penalty_pct,
    dueDay: r.due_day,
    constitutedOn: r.constituted_on,
  };
}

/** Creates or refreshes the group's parameters (created and published carry them all). */
export async function upsertGroup(trx: Knex.Transaction, g: Omit<PaymentsGroup, 'constitutedOn'>): Promise<void> {
  await trx(TABLE)
    .insert({
      id: g.id,
      code: g.code,
      status: g.status,
      max_quotas: g.maxQuotas,
      term_months: g.termMonths,
      admin_fee_total_pct: g.rates.adminFeeTotalPct,
      admin_fee_upfront_pct: g.rates.adminFeeUpfrontPct,
      reserve_fund_total_pct: g.rates.reserveFundTotalPct,
      insurance_monthly_pct: g.insuranceMonthlyPct,
      late_fine_pct: g.lateFeeRates.lateFinePct,
      late_interest_monthly_pct: g.lateFeeRates.lateInterestMonthlyPct,
      late_fees_group_share_pct: g.lateFeeRates.lateFeesGroupSharePct,
      exclusion_threshold: g.exclusionThreshold,
      exclusion_penalty_pct: g.exclusionPenaltyPct,
      due_day: g.dueDay,
    })
    .onConflict('id')
    .merge([
      'status',
      'max_quotas',
      'term_months',
      'admin_fee_total_pct',
      'admin_fee_upfront_pct',
      'reserve_fund_total_pct',
      'insurance_monthly_pct',
      'late_fine_pct',
      'late_interest_monthly_pct',
      'late_fees_group_share_pct',
      'exclusion_threshold',
      'exclusion_penalty_pct',
      'due_day',
    ]);
}

export async function getGroup(db: Knex | Knex.Transaction, id: string): Promise<PaymentsGroup | null> {
  const row = (await db(TABLE).where({ id }).first()) as GroupRow | undefined;
  return row ? fromRow(row) : null;
}

/**
 * The group, read without a row lock: its parameters do not change under a payment, and a cancellation racing one is
 * caught where they meet (the installment the payment settles must still be OPEN).
 */
export async function requireGroup(trx: Knex.Transaction, id: string): Promise<PaymentsGroup> {
  const row = (await trx(TABLE).where({ id }).first()) as GroupRow | undefined;
  if (!row) throw new NotFoundError('group', id);
  return fromRow(row);
}

export async function setGroupStatus(
  trx: Knex.Transaction,
  id: string,
  status: string,
  extra: { constitutedOn?: string; closedOn?: string } = {},
): Promise<void> {
  await trx(TABLE)
    .where({ id })
    .update({
      status,
      ...(extra.constitutedOn ? { constituted_on: extra.constitutedOn } : {}),
      ...(extra.closedOn ? { closed_on: extra.closedOn } : {}),
      updated_at: trx.fn.now(),
    });
}

/** Active groups (constituted, not closed): the ones the calendar bills. */
/** Sets the group's code where it is still empty (projected from an event that does not carry it). */
export async function fillGroupCode(trx: Knex.Transaction, id: string, code: string): Promise<void> {
  await trx(TABLE).where({ id, code: '' }).update({ code });
}

export async function activeGroups(db: Knex): Promise<PaymentsGroup[]> {
  const rows = (await db(TABLE).where({ status: 'ACTIVE' }).orderBy('id')) as GroupRow[];
  return rows.map(fromRow);
}

/** Sets the credit value in force from `effectiveOn` (C_1 from the beginning of time). */
export async function setCreditValue(
  trx: Knex.Transaction,
  groupId: string,
  effectiveOn: string,
  creditValue: bigint,
): Promise<void> {
  await trx('payments.credit_values')
    .insert({ group_id: groupId, effective_on: effectiveOn, credit_value: creditValue })
    .onConflict(['group_id', 'effective_on'])
    .merge(['credit_value']);
}

/** C(d): the credit value in force on `date` (D-14 values a payment with it). */
export async function creditValueOn(db: Knex | Knex.Transaction, groupId: string, date: string): Promise<bigint> {
  const row = await db('payments.credit_values')
    .where({ group_id: groupId })
    .andWhere('effective_on', '<=', date)
    .orderBy('effective_on', 'desc')
    .first<{ credit_value: bigint } | undefined>('credit_value');
  if (!row) throw new NotFoundError('credit value of group', `${groupId} on ${date}`);
  return row.credit_value;
}
