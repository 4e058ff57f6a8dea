import type { Knex } from 'knex';

/** What this service knows of a group (from groups' and credit's events). */
export interface ProjectedGroup {
  id: string;
  code: string;
  termMonths: number;
  creditValue: bigint;
  adminFeeTotalPct: bigint;
  adminFeeUpfrontPct: bigint;
  reserveFundTotalPct: bigint;
  insuranceMonthlyPct: bigint;
  maxQuotas: number;
  closedOn: string | null;
}

interface RawGroup {
  id: string;
  code: string;
  term_months: number;
  credit_value: bigint;
  admin_fee_total_pct: bigint;
  admin_fee_upfront_pct: bigint;
  reserve_fund_total_pct: bigint;
  insurance_monthly_pct: bigint;
  max_quotas: number;
  closed_on: string | null;
}

export async function findGroup(db: Knex, id: string): Promise<ProjectedGroup | undefined> {
  const r = await db<RawGroup>('documents.groups').where({ id }).first();
  if (!r) return undefined;
  return {
    id: r.id,
    code: r.code,
    termMonths: r.term_months,
    creditValue: BigInt(r.credit_value),
    adminFeeTotalPct: BigInt(r.admin_fee_total_pct),
    adminFeeUpfrontPct: BigInt(r.admin_fee_upfront_pct),
    reserveFundTotalPct: BigInt(r.reserve_fund_total_pct),
    insuranceMonthlyPct: BigInt(r.insurance_monthly_pct),
    maxQuotas: r.max_quotas,
    closedOn: r.closed_on,
  };
}

/** Who holds a record, and in which group. */
export async function findQuota(
  db: Knex,
  id: string,
): Promise<{ id: string; groupId: string; memberId: string } | undefined> {
  const r = await db<{ id: string; group_id: string; member_id: string }>('documents.quotas').where({ id }).first();
  return r && { id: r.id, groupId: r.group_id, memberId: r.member_id };
}

/** True when the member holds (or held) a record of the group. */
export async function isMemberOfGroup(db: Knex, memberId: string, groupId: string): Promise<boolean> {
  const r = await db<{ id: string; member_id: string; group_id: string }>('documents.quotas')
    .where({ member_id: memberId, group_id: groupId })
    .first('id');
  return r !== undefined;
}
