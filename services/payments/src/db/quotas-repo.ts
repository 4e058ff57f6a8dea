import type { Knex } from 'knex';
import { NotFoundError } from '@consorcio/shared/errors';
import type { ComponentPcts, Schedule } from '../domain';

/** A quota record as payments knows it: who and what status (from groups' events), and its money schedule. */
export interface PaymentsQuota {
  id: string;
  groupId: string;
  number: number;
  version: number;
  memberId: string;
  status: string;
  insuranceOptIn: boolean;
  /** The period of the record's first installment (the one that activates it). */
  enrolledPeriod: number;
  schedule: Schedule;
  paid: ComponentPcts;
  paidCount: number;
  upfrontFee: bigint;
  standing: 'CURRENT' | 'DELINQUENT';
  overdueCount: number;
  /** The date the standing was last evaluated on (null before the first evaluation). */
  standingOn: string | null;
}

export interface QuotaRow {
  id: string;
  group_id: string;
  number: number;
  version: number;
  member_id: string;
  status: string;
  insurance_opt_in: boolean;
  enrolled_period: number;
  first_period: number;
  installment_count: number;
  regular_fc_pct: bigint;
  regular_af_pct: bigint;
  regular_fr_pct: bigint;
  last_fc_pct: bigint;
  last_af_pct: bigint;
  last_fr_pct: bigint;
  paid_fc_pct: bigint;
  paid_af_pct: bigint;
  paid_fr_pct: bigint;
  paid_count: number;
  upfront_fee: bigint;
  standing: 'CURRENT' | 'DELINQUENT';
  overdue_count: number;
  standing_on: string | null;
}

export const QUOTAS = 'payments.quotas';

export function quotaFromRow(r: QuotaRow): PaymentsQuota {
  return {
    id: r.id,
    groupId: r.group_id,
    number: r.number,
    version: r.version,
    memberId: r.member_id,
    status: r.status,
    insuranceOptIn: r.insurance_opt_in,
    enrolledPeriod: r.enrolled_period,
    schedule: {
      firstPeriod: r.first_period,
      count: r.installment_count,
      regular: { fc: r.regular_fc_pct, af: r.regular_af_pct, fr: r.regular_fr_pct },
      last: { fc: r.last_fc_pct, af: r.last_af_pct, fr: r.last_fr_pct },
    },
    paid: { fc: r.paid_fc_pct, af: r.paid_af_pct, fr: r.paid_fr_pct },
    paidCount: r.paid_count,
    upfrontFee: r.upfront_fee,
    standing: r.standing,
    overdueCount: r.overdue_count,
    standingOn: r.standing_on,
  };
}

/** A new record, or the same record again when groups' event is redelivered (nothing changes then). */
export async function insertQuota(trx: Knex.Transaction, q: PaymentsQuota): Promise<boolean> {
  const inserted = await trx(QUOTAS)
    .insert({
      id: q.id,
      group_id: q.groupId,
      number: q.number,
      version: q.version,
      member_id: q.memberId,
      status: q.status,
      insurance_opt_in: q.insuranceOptIn,
      enrolled_period: q.enrolledPeriod,
      first_period: q.schedule.firstPeriod,
      installment_count: q.schedule.count,
      regular_fc_pct: q.schedule.regular.fc,
      regular_af_pct: q.schedule.regular.af,
      regular_fr_pct: q.schedule.regular.fr,
      last_fc_pct: q.schedule.last.fc,
      last_af_pct: q.schedule.last.af,
      last_fr_pct: q.schedule.last.fr,
      upfront_fee: q.upfrontFee,
    })
    .onConflict('id')
    .ignore()
    .returning('id');
  return inserted.length > 0;
}

export async function getQuota(db: Knex | Knex.Transaction, id: string): Promise<PaymentsQuota | null> {
  const row = (await db(QUOTAS).where({ id }).first()) as QuotaRow | undefined;
  return row ? quotaFromRow(row) : null;
}

export async function requireQuota(db: Knex | Knex.Transaction, id: string): Promise<PaymentsQuota> {
  const q = await getQuota(db, id);
  if (!q) throw new NotFoundError('quota', id);
  return q;
}

/** The record under a row lock: payments, exclusions and the delinquency run of one record take turns on it. */
export async function lockQuota(trx: Knex.Transaction, id: string): Promise<PaymentsQuota | null> {
  const row = (await trx(QUOTAS).where({ id }).forUpdate().first()) as QuotaRow | undefined;
  return row ? quotaFromRow(row) : null;
}

export async function updateQuota(
  trx: Knex.Transaction,
  id: string,
  patch: Partial<
    Pick<
      PaymentsQuota,
      'status' | 'memberId' | 'schedule' | 'paid' | 'paidCount' | 'standing' | 'overdueCount' | 'standingOn'
    >
  >,
): Promise<void> {
  await trx(QUOTAS)
    .where({ id })
    .update({
      ...(patch.status !== undefined ? { status: patch.status } : {}),
      ...(patch.memberId !== undefined ? { member_id: patch.memberId } : {}),
      ...(patch.paid !== undefined
        ? { paid_fc_pct: patch.paid.fc, paid_af_pct: patch.paid.af, paid_fr_pct: patch.paid.fr }
        : {}),
      ...(patch.paidCount !== undefined ? { paid_count: patch.paidCount } : {}),
      ...(patch.schedule !== undefined
        ? {
            first_period: patch.schedule.firstPeriod,
            installment_count: patch.schedule.count,
            regular_fc_pct: patch.schedule.regular.fc,
            regular_af_pct: patch.schedule.regular.af,
            regular_fr_pct: patch.schedule.regular.fr,
            last_fc_pct: patch.schedule.last.fc,
            last_af_pct: patch.schedule.last.af,
            last_fr_pct: patch.schedule.last.fr,
          }
        : {}),
      ...(patch.standing !== undefined ? { standing: patch.standing } : {}),
      ...(patch.overdueCount !== undefined ? { overdue_count: patch.overdueCount } : {}),
      ...(patch.standingOn !== undefined ? { standing_on: patch.standingOn } : {}),
      updated_at: trx.fn.now(),
    });
}
