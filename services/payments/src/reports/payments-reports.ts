import type { Knex } from 'knex';
import type { Clock } from '@consorcio/shared/clock';
import { NotFoundError, ValidationError } from '@consorcio/shared/errors';
import { requireId } from '@consorcio/shared/input';
import type { ReportCache, ViewRefresher } from '@consorcio/shared/reports';
import { getGroup } from '../db/groups-repo';
import { ageReceivables, type AgingBucket } from './aging';
import { collectionsRows, groupAccounts, quotaPositions, receivables, type CollectionsRowData } from './report-reads';

/** The views payments' reports read, in refresh order. */
export const PAYMENTS_REPORT_VIEWS = [
  'report_group_accounts',
  'report_collections',
  'report_receivables',
  'report_quota_positions',
] as const;

/** Record statuses of records that left the group (excluded, withdrawn, refunded). */
const LEFT_STATUSES = new Set(['EXCLUDED', 'WITHDRAWN', 'REFUND_AWARDED', 'REFUNDED']);

/** How fresh a report is; instants as ISO strings so a cached report reads back unchanged. */
export interface Freshness {
  refreshedAt: string | null;
  generatedAt: string;
  asOf: string;
}

export interface FinancialPositionData {
  groupId: string;
  groupCode: string;
  groupStatus: string;
  freshness: Freshness;
  bank: bigint;
  installmentsReceivable: bigint;
  commonFund: bigint;
  reserveFund: bigint;
  creditsPayable: bigint;
  refundsPayable: bigint;
  adminFeePayable: bigint;
  insurancePayable: bigint;
  paymentsCount: number;
  received: bigint;
  lateFees: bigint;
  overdueInstallments: number;
  overdue: bigint;
  delinquentQuotas: number;
  quotasLive: number;
  quotasContemplated: number;
  quotasPending: number;
  quotasLeft: number;
}

export interface AgingData {
  groupId: string;
  groupCode: string;
  freshness: Freshness;
  buckets: AgingBucket[];
  overdueInstallments: number;
  overdue: bigint;
  notDue: bigint;
  receivable: bigint;
}

export interface CollectionsData {
  groupId: string;
  groupCode: string;
  freshness: Freshness;
  fromPeriod: number;
  toPeriod: number;
  rows: CollectionsRowData[];
  totals: CollectionsRowData;
}

export interface PaymentsReportsDeps {
  db: Knex;
  clock: Clock;
  cache: ReportCache;
  refresher: ViewRefresher;
}

/**
 * The group reports of payments, computed from the report views (as of their last refresh) and the service clock's
 * date, and cached for the cache's TTL: a cached answer keeps its `generatedAt`.
 */
export class PaymentsReports {
  constructor(private readonly d: PaymentsReportsDeps) {}

  async financialPosition(groupId: string): Promise<FinancialPositionData> {
    const group = await this.group(groupId);
    const asOf = this.d.clock.today();
    return this.d.cache.getOrLoad('financial-position', [groupId, asOf], async () => {
      const freshness = await this.freshness(asOf);
      const accounts = await groupAccounts(this.d.db, groupId);
      const net = (account: string, side: 'DEBIT' | 'CREDIT') => {
        const a = accounts.find((r) => r.account === account);
        if (!a) return 0n;
        return side === 'DEBIT' ? a.debit - a.credit : a.credit - a.debit;
      };
      const periods = await collectionsRows(this.d.db, groupId, 0, 0);
      const aging = ageReceivables(await receivables(this.d.db, groupId), asOf);
      const positions = await quotaPositions(this.d.db, groupId);
      const count = (pick: (p: (typeof positions)[number]) => boolean) =>
        positions.filter(pick).reduce((s, p) => s + p.quotas, 0);
      return {
        groupId,
        groupCode: group.code,
        groupStatus: group.status,
        freshness,
        bank: net('BANK', 'DEBIT'),
        installmentsReceivable: net('INSTALLMENTS_RECEIVABLE', 'DEBIT'),
        commonFund: net('COMMON_FUND', 'CREDIT'),
        reserveFund: net('RESERVE_FUND', 'CREDIT'),
        creditsPayable: net('CREDITS_PAYABLE', 'CREDIT'),
        refundsPayable: net('REFUNDS_PAYABLE', 'CREDIT'),
        adminFeePayable: net('ADMIN_FEE_PAYABLE', 'CREDIT'),
        insurancePayable: net('INSURANCE_PAYABLE', 'CREDIT'),
        paymentsCount: periods.reduce((s, r) => s + r.paidInstallments, 0),
        received: periods.reduce((s, r) => s + r.received, 0n),
        lateFees: periods.reduce((s, r) => s + r.lateFees, 0n),
        overdueInstallments: aging.overdueInstallments,
        overdue: aging.overdueAmount,
        delinquentQuotas: aging.delinquentQuotas,
        quotasLive: count((p) => !LEFT_STATUSES.has(p.status)),
        quotasContemplated: count((p) => !LEFT_STATUSES.has(p.status) && p.contemplated),
        quotasPending: count((p) => !LEFT_STATUSES.has(p.status) && !p.contemplated),
        quotasLeft: count((p) => LEFT_STATUSES.has(p.status)),
      };
    });
  }

  async delinquencyAging(groupId: string): Promise<AgingData> {
    const group = await this.group(groupId);
    const asOf = this.d.clock.today();
    return this.d.cache.getOrLoad('delinquency-aging', [groupId, asOf], async () => {
      const freshness = await this.freshness(asOf);
      const aging = ageReceivables(await receivables(this.d.db, groupId), asOf);
      return {
        groupId,
        groupCode: group.code,
        freshness,
        buckets: aging.buckets,
        overdueInstallments: aging.overdueInstallments,
        overdue: aging.overdueAmount,
        notDue: aging.notDueAmount,
        receivable: aging.receivable,
      };
    });
  }

  async collections(groupId: string, fromPeriod: number, toPeriod: number): Promise<CollectionsData> {
    const group = await this.group(groupId);
    checkPeriods(fromPeriod, toPeriod);
    const asOf = this.d.clock.today();
    return this.d.cache.getOrLoad('collections', [groupId, fromPeriod, toPeriod], async () => {
      const freshness = await this.freshness(asOf);
      const rows = await collectionsRows(this.d.db, groupId, fromPeriod, toPeriod);
      return { groupId, groupCode: group.code, freshness, fromPeriod, toPeriod, rows, totals: sumRows(rows) };
    });
  }

  private async group(groupId: string) {
    requireId('group_id', groupId);
    const group = await getGroup(this.d.db, groupId);
    if (!group) throw new NotFoundError('group', groupId);
    return group;
  }

  private async freshness(asOf: string): Promise<Freshness> {
    const refreshed = await this.d.refresher.lastRefreshedAt();
    return { refreshedAt: refreshed?.toISOString() ?? null, generatedAt: this.d.clock.now().toISOString(), asOf };
  }
}

function checkPeriods(fromPeriod: number, toPeriod: number): void {
  if (!Number.isInteger(fromPeriod) || fromPeriod < 0) throw new ValidationError('from_period', 'must be ≥ 0');
  if (!Number.isInteger(toPeriod) || toPeriod < 0) throw new ValidationError('to_period', 'must be ≥ 0');
  if (toPeriod > 0 && fromPeriod > toPeriod) {
    throw new ValidationError('to_period', 'must not be before from_period');
  }
}

/** The totals row of collections (period 0). */
export function sumRows(rows: readonly CollectionsRowData[]): CollectionsRowData {
  return rows.reduce<CollectionsRowData>(
    (t, r) => ({
      period: 0,
      billedInstallments: t.billedInstallments + r.billedInstallments,
      billed: t.billed + r.billed,
      paidInstallments: t.paidInstallments + r.paidInstallments,
      paid: t.paid + r.paid,
      lateFees: t.lateFees + r.lateFees,
      received: t.received + r.received,
      openInstallments: t.openInstallments + r.openInstallments,
      open: t.open + r.open,
    }),
    {
      period: 0,
      billedInstallments: 0,
      billed: 0n,
      paidInstallments: 0,
      paid: 0n,
      lateFees: 0n,
      received: 0n,
      openInstallments: 0,
      open: 0n,
    },
  );
}
