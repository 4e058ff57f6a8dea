import { readPage, nextPageToken } from '@consorcio/shared/grpc';
import { NotFoundError, ValidationError } from '@consorcio/shared/errors';
import { optionalDate, requireId } from '@consorcio/shared/input';
import { applyPct } from '@consorcio/shared/money';
import {
  amountDue,
  BANK_HOLIDAYS,
  installmentAmounts,
  installmentPcts,
  planTotals,
  sumPcts,
  type AmountDue,
  type ComponentPcts,
  type InstallmentAmounts,
} from '../domain';
import { creditValueOn, getGroup } from '../db/groups-repo';
import { listInstallments, openInstallments, type StoredInstallment } from '../db/installments-repo';
import { balanceDifferences, cachedBalances, type AccountTotals } from '../db/journal-repo';
import { totalPaid } from '../db/payments-repo';
import { QUOTAS, quotaFromRow, requireQuota, type PaymentsQuota, type QuotaRow } from '../db/quotas-repo';
import type { PaymentsDeps } from './deps';
import { paymentsMetrics } from './metrics';

type Page = { pageSize: number; pageToken: string } | undefined;

const isPeriod = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 1000;

/** A record's installments, oldest first, paged by period. */
export async function listInstallmentsQuery(
  deps: PaymentsDeps,
  q: { quotaId: string; page: Page },
): Promise<{ installments: StoredInstallment[]; nextPageToken: string }> {
  requireId('quota_id', q.quotaId);
  await requireQuota(deps.db, q.quotaId);
  const page = readPage(q.page, isPeriod);
  const items = await listInstallments(deps.db, q.quotaId, page.after ?? 0, page.limit);
  return { installments: items, nextPageToken: nextPageToken(items, page.limit, (i) => i.period) };
}

/** The member of a record (for access checks). */
export async function memberOfQuota(deps: PaymentsDeps, quotaId: string): Promise<string> {
  requireId('quota_id', quotaId);
  return (await requireQuota(deps.db, quotaId)).memberId;
}

export interface StatementView {
  quota: PaymentsQuota;
  asOf: string;
  creditValue: bigint;
  next: { pcts: ComponentPcts; amounts: InstallmentAmounts } | null;
  remaining: ComponentPcts;
  outstanding: bigint;
  overdue: (AmountDue & { effectiveDue: string })[];
  paidTotal: bigint;
}

/**
 * A record's statement (domain §4.7, the money side): its schedule, what it has paid and what remains in
 * percentages, the outstanding balance at the credit value in force, the next installment, and each overdue
 * installment with what it costs today (recomputed fees).
 */
export async function statementQuery(
  deps: PaymentsDeps,
  q: { quotaId: string; asOf?: string },
): Promise<StatementView> {
  requireId('quota_id', q.quotaId);
  const asOf = optionalDate('as_of', q.asOf, deps.clock.today());
  const quota = await requireQuota(deps.db, q.quotaId);
  const group = await getGroup(deps.db, quota.groupId);
  if (!group) throw new NotFoundError('group', quota.groupId);
  const creditValue = await creditValueOn(deps.db, group.id, asOf);
  const terms = {
    creditValue,
    insurance: { optIn: quota.insuranceOptIn, monthlyPct: group.insuranceMonthlyPct },
    lateFeeRates: group.lateFeeRates,
    holidays: BANK_HOLIDAYS,
  };
  const open = await openInstallments(deps.db, quota.id);
  // The record owes the whole plan (spread over its schedule, however rebuilt); what it paid is tracked per component.
  const plan = planTotals(group.rates);
  const remaining = { fc: plan.fc - quota.paid.fc, af: plan.af - quota.paid.af, fr: plan.fr - quota.paid.fr };
  const nextNumber = quota.paidCount + 1;
  const oldest = open[0];
  const next = oldest
    ? { pcts: oldest.open.pcts, amounts: amountDue(oldest.open, oldest.dueOn, terms).amounts }
    : nextNumber <= quota.schedule.count
      ? {
          pcts: installmentPcts(quota.schedule, nextNumber),
          amounts: installmentAmounts({
            schedule: quota.schedule,
            installment: nextNumber,
            creditValue,
            insurance: terms.insurance,
          }),
        }
      : null;
  const overdue = open
    .filter((i) => i.effectiveDueOn < asOf)
    .map((i) => ({ ...amountDue(i.open, asOf, terms), effectiveDue: i.effectiveDueOn }));
  return {
    quota,
    asOf,
    creditValue,
    next,
    remaining,
    outstanding: applyPct(creditValue, sumPcts(remaining)),
    overdue,
    paidTotal: await totalPaid(deps.db, quota.id),
  };
}

/** What an assembly's snapshot reads: the group book's fund balances (credit-normal accounts as positive). */
/** Most ids one {@link recordPercentagesQuery} takes. */
export const MAX_PERCENTAGES_BATCH = 5_000;

/**
 * The paid and remaining percentages of many records at once — what an assembly's snapshot needs of every bidder
 * and excluded candidate — in two queries, rather than one statement call each. Unknown ids are left out.
 */
export async function recordPercentagesQuery(
  deps: PaymentsDeps,
  quotaIds: readonly string[],
): Promise<{ quotaId: string; paid: ComponentPcts; remaining: ComponentPcts }[]> {
  if (quotaIds.length > MAX_PERCENTAGES_BATCH) {
    throw new ValidationError('quota_ids', `at most ${MAX_PERCENTAGES_BATCH} ids per call`);
  }
  quotaIds.forEach((id, i) => requireId(`quota_ids[${i}]`, id));
  const quotas = ((await deps.db(QUOTAS).whereIn('id', [...quotaIds])) as QuotaRow[]).map(quotaFromRow);
  const plans = new Map<string, ComponentPcts>();
  for (const groupId of new Set(quotas.map((q) => q.groupId))) {
    const group = await getGroup(deps.db, groupId);
    if (group) plans.set(groupId, planTotals(group.rates));
  }
  return quotas.flatMap((q) => {
    const plan = plans.get(q.groupId);
    if (!plan) return [];
    const remaining = { fc: plan.fc - q.paid.fc, af: plan.af - q.paid.af, fr: plan.fr - q.paid.fr };
    return [{ quotaId: q.id, paid: q.paid, remaining }];
  });
}

export async function fundBalancesQuery(
  deps: PaymentsDeps,
  groupId: string,
): Promise<{ commonFund: bigint; reserveFund: bigint; bank: bigint; creditsPayable: bigint; refundsPayable: bigint }> {
  requireId('group_id', groupId);
  if (!(await getGroup(deps.db, groupId))) throw new NotFoundError('group', groupId);
  const rows = (await cachedBalances(deps.db, groupId)).filter((r) => r.book === 'GROUP');
  const credit = (account: string) => net(rows, account, 'CREDIT');
  return {
    commonFund: credit('COMMON_FUND'),
    reserveFund: credit('RESERVE_FUND'),
    bank: net(rows, 'BANK', 'DEBIT'),
    creditsPayable: credit('CREDITS_PAYABLE'),
    refundsPayable: credit('REFUNDS_PAYABLE'),
  };
}

function net(rows: readonly AccountTotals[], account: string, side: 'DEBIT' | 'CREDIT'): bigint {
  const r = rows.find((x) => x.account === account);
  if (!r) return 0n;
  return side === 'DEBIT' ? r.debit - r.credit : r.credit - r.debit;
}

/** The reconcile job: recomputes every balance from the journal and reports each account that differs. */
export async function reconcileQuery(deps: PaymentsDeps, q: { groupId: string }) {
  if (q.groupId) requireId('group_id', q.groupId);
  const report = await balanceDifferences(deps.db, q.groupId || null);
  paymentsMetrics.balanceDifferences.inc(report.differences.length);
  if (report.differences.length > 0)
    deps.log.error(
      { payload: { differences: report.differences.length, groupId: q.groupId || 'all' } },
      'cached balances differ from the journal',
    );
  return report;
}
