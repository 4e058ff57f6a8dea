import type { Knex } from 'knex';
import type { Receivable } from './aging';

/** Reads of the report views (migration 20261126000001_report_views); one group at a time. */

export interface AccountRow {
  account: string;
  debit: bigint;
  credit: bigint;
}

export async function groupAccounts(db: Knex, groupId: string): Promise<AccountRow[]> {
  return (await db('payments.report_group_accounts').where({ group_id: groupId })) as AccountRow[];
}

export interface CollectionsRowData {
  period: number;
  billedInstallments: number;
  billed: bigint;
  paidInstallments: number;
  paid: bigint;
  lateFees: bigint;
  received: bigint;
  openInstallments: number;
  open: bigint;
}

/** Collections per period in [fromPeriod, toPeriod] (0: unbounded), oldest first. */
export async function collectionsRows(
  db: Knex,
  groupId: string,
  fromPeriod: number,
  toPeriod: number,
): Promise<CollectionsRowData[]> {
  const q = db('payments.report_collections').where({ group_id: groupId });
  if (fromPeriod > 0) q.andWhere('period', '>=', fromPeriod);
  if (toPeriod > 0) q.andWhere('period', '<=', toPeriod);
  const rows = (await q.orderBy('period')) as {
    period: number;
    billed_installments: number;
    billed: bigint;
    paid_installments: number;
    paid: bigint;
    late_fees: bigint;
    received: bigint;
    open_installments: number;
    open: bigint;
  }[];
  return rows.map((r) => ({
    period: r.period,
    billedInstallments: r.billed_installments,
    billed: r.billed,
    paidInstallments: r.paid_installments,
    paid: r.paid,
    lateFees: r.late_fees,
    received: r.received,
    openInstallments: r.open_installments,
    open: r.open,
  }));
}

export async function receivables(db: Knex, groupId: string): Promise<Receivable[]> {
  const rows = (await db('payments.report_receivables').where({ group_id: groupId })) as {
    quota_id: string;
    effective_due_on: string;
    amount: bigint;
  }[];
  return rows.map((r) => ({ quotaId: r.quota_id, effectiveDueOn: r.effective_due_on, amount: r.amount }));
}

export interface QuotaPositionRow {
  status: string;
  contemplated: boolean;
  quotas: number;
}

export async function quotaPositions(db: Knex, groupId: string): Promise<QuotaPositionRow[]> {
  return (await db('payments.report_quota_positions').where({ group_id: groupId })) as QuotaPositionRow[];
}
