import { ValidationError } from '@consorcio/shared/errors';
import { allocate } from '@consorcio/shared/money';
import { closingDistributionEntry, refundAwardedEntry } from './journal-entries';
import type { JournalEntry } from './journal-entry';
import {
  type LedgerRecordRef,
  type LedgerRecordStatus,
  compareRecords,
  recordKey,
  requireCentavos,
  requireDistinctRecords,
  requirePct,
} from './ledger-records';
import { closingFcReturn, excludedRefund, type RefundAmounts } from './refunds';

/**
 * The money of a group's closing (domain.md §14 step 3, D-23), at C_T, the credit value of assembly T:
 *  a. excluded records not yet refunded are awarded their net refund (§11, penalty included) → E12;
 *  b. records never contemplated and never excluded get applyPct(C_T, fcPaidPct), no penalty → E16;
 *  c. what is left in COMMON_FUND, if > 0, is allocated by fcPaidPct over the never-excluded records (contemplated,
 *     settled, and those of step b; not WITHDRAWN) → E16;
 *  d. RESERVE_FUND, if > 0, is allocated by frPaidPct over every record except WITHDRAWN, excluded ones included
 *     (REsp 1.363.781/SP) → E16;
 *  e. what a contemplated record is allocated goes first to its overdue installments, oldest first; only the rest
 *     becomes payable.
 * Every allocation is `allocate` keyed by (number, version).
 */

/** How a record takes part in the closing, from its status. */
export type ClosingRole =
  /** EXCLUDED: refund not yet awarded → steps a, d. */
  | 'EXCLUDED_UNREFUNDED'
  /** REFUND_AWARDED, REFUNDED: excluded and already awarded → step d only. */
  | 'EXCLUDED_REFUNDED'
  /** ACTIVE, DELINQUENT (and ENROLLED, which paid nothing): never contemplated, never excluded → steps b, c, d. */
  | 'NEVER_CONTEMPLATED'
  /** CONTEMPLATED, CONTEMPLATED_DELINQUENT, SETTLED → steps c, d, e. */
  | 'CONTEMPLATED'
  /** WITHDRAWN (refunded everything at cooling-off), AVAILABLE (unsold) → nothing. */
  | 'NONE';

/** The role of each record status at closing; CLOSED is absent: a closed group's records cannot be closed again. */
export const CLOSING_ROLES: Readonly<Partial<Record<LedgerRecordStatus, ClosingRole>>> = {
  EXCLUDED: 'EXCLUDED_UNREFUNDED',
  REFUND_AWARDED: 'EXCLUDED_REFUNDED',
  REFUNDED: 'EXCLUDED_REFUNDED',
  ACTIVE: 'NEVER_CONTEMPLATED',
  DELINQUENT: 'NEVER_CONTEMPLATED',
  ENROLLED: 'NEVER_CONTEMPLATED',
  CONTEMPLATED: 'CONTEMPLATED',
  CONTEMPLATED_DELINQUENT: 'CONTEMPLATED',
  SETTLED: 'CONTEMPLATED',
  WITHDRAWN: 'NONE',
  AVAILABLE: 'NONE',
};

/** An overdue installment of a contemplated record, with what it costs on the closing date (fees included). */
export interface OverdueDebt {
  readonly period: number;
  readonly amountDue: bigint;
}

/** A record as the closing sees it. */
export interface ClosingRecord extends LedgerRecordRef {
  readonly status: LedgerRecordStatus;
  readonly fcPaidPct: bigint;
  readonly frPaidPct: bigint;
  /** A contemplated record's overdue installments (any order; applied oldest period first). Ignored for others. */
  readonly overdue?: readonly OverdueDebt[];
}

/** What the closing gives one record. */
export interface ClosingShare extends LedgerRecordRef {
  readonly status: LedgerRecordStatus;
  readonly role: ClosingRole;
  /** Step a: the refund awarded at C_T (E12 to REFUNDS_PAYABLE); null for records that are not awarded one. */
  readonly refund: RefundAmounts | null;
  /** Step b: applyPct(C_T, fcPaidPct) for a never-contemplated record, 0 otherwise. */
  readonly fcReturn: bigint;
  /** Step c: its share of the common-fund remainder. */
  readonly commonFundShare: bigint;
  /** Step d: its share of the reserve-fund remainder. */
  readonly reserveShare: bigint;
  /** Step e: how much of fcReturn + commonFundShare + reserveShare pays each overdue installment, oldest first. */
  readonly appliedToDebt: readonly { readonly period: number; readonly amount: bigint }[];
  /** fcReturn + commonFundShare + reserveShare − Σ appliedToDebt: what becomes payable to the member. */
  readonly payable: bigint;
}

/** The closing's figures, every record's share in ascending (number, version) order. */
export interface ClosingDistribution {
  readonly records: readonly ClosingShare[];
  /** Σ net refunds of step a. */
  readonly refundsAwarded: bigint;
  /** Σ step b. */
  readonly fcReturned: bigint;
  /** COMMON_FUND after steps a and b: negative is a deficit, paid pro rata as receivables are recovered (§14.5). */
  readonly commonFundRemainder: bigint;
  /** Σ step c. */
  readonly commonFundDistributed: bigint;
  /** COMMON_FUND after step c: 0, or the remainder when there was nothing to allocate it over, or the deficit. */
  readonly commonFundLeft: bigint;
  /** Σ step d. */
  readonly reserveFundDistributed: bigint;
  /** RESERVE_FUND after step d: 0, or the balance when ≤ 0 or when no record paid any reserve. */
  readonly reserveFundLeft: bigint;
}

function roleOf(record: ClosingRecord, i: number): ClosingRole {
  const role = CLOSING_ROLES[record.status];
  if (role === undefined)
    throw new ValidationError(
      `records[${i}].status`,
      `a ${String(record.status)} record cannot take part in a closing`,
    );
  return role;
}

function requireOverdue(field: string, overdue: readonly OverdueDebt[]): OverdueDebt[] {
  const periods = new Set<number>();
  overdue.forEach((o, j) => {
    if (!Number.isSafeInteger(o.period) || o.period < 1)
      throw new ValidationError(`${field}[${j}].period`, 'must be a positive integer');
    if (periods.has(o.period)) throw new ValidationError(`${field}[${j}]`, `period ${o.period} is listed twice`);
    periods.add(o.period);
    requireCentavos(`${field}[${j}].amountDue`, o.amountDue, 'positive');
  });
  return [...overdue].sort((a, b) => a.period - b.period);
}

/** Allocates `balance` by `weights` over the entries with a positive weight; nothing when balance ≤ 0 or Σw = 0. */
function allocateOver(balance: bigint, weights: readonly bigint[], keys: readonly [number, number][]): bigint[] {
  const zero = weights.map(() => 0n);
  if (balance <= 0n || !weights.some((w) => w > 0n)) return zero;
  return allocate(balance, weights, keys);
}

/**
 * The closing distribution (§14 steps a–e, D-23) of a group whose COMMON_FUND and RESERVE_FUND balances are
 * `commonFund` and `reserveFund`, at `creditValue` = C_T.
 * Example: RESERVE_FUND 10 001 over (1,1), (2,1) excluded-refunded, (2,2), (3,1) with frPaidPct 2.4 %, 0.3 %,
 * 2.4 %, 2.4 % → 3 201, 400, 3 200, 3 200; COMMON_FUND 5 000 over the never-excluded (1,1), (2,2), (3,1) at 100 %
 * each → 1 667, 1 667, 1 666.
 * Decisions: a fund with nothing to allocate over (Σ weights 0) keeps its balance (`commonFundLeft`,
 * `reserveFundLeft`) for the final accounts; a COMMON_FUND driven negative by steps a–b is not allocated and is
 * reported as the deficit; overdue debts listed on a record that is not contemplated are ignored (a never-contemplated
 * record's open installments are cancelled by E11 instead; an excluded one's were cancelled at exclusion).
 * @throws ValidationError on a bad or repeated record, a CLOSED record, a percentage outside 0..100 %, a bad debt.
 */
export function distributeClosing(input: {
  creditValue: bigint;
  exclusionPenaltyPct: bigint;
  commonFund: bigint;
  reserveFund: bigint;
  records: readonly ClosingRecord[];
}): ClosingDistribution {
  const creditValue = requireCentavos('creditValue', input.creditValue, 'positive');
  const penaltyPct = requirePct('exclusionPenaltyPct', input.exclusionPenaltyPct);
  const commonFund = requireCentavos('commonFund', input.commonFund, 'signed');
  const reserveFund = requireCentavos('reserveFund', input.reserveFund, 'signed');
  requireDistinctRecords('records', input.records);
  const indexed = input.records.map((record, i) => {
    const role = roleOf(record, i);
    requirePct(`records[${i}].fcPaidPct`, record.fcPaidPct);
    requirePct(`records[${i}].frPaidPct`, record.frPaidPct);
    const overdue = requireOverdue(`records[${i}].overdue`, record.overdue ?? []);
    return { record, role, overdue };
  });
  const rows = indexed.sort((a, b) => compareRecords(a.record, b.record));
  const keys = rows.map((r) => recordKey(r.record));

  // a. refunds of excluded records not yet refunded, at C_T with the penalty (§11).
  const refunds = rows.map(({ record, role }) =>
    role === 'EXCLUDED_UNREFUNDED'
      ? excludedRefund({ creditValue, fcPaidPct: record.fcPaidPct, exclusionPenaltyPct: penaltyPct })
      : null,
  );
  // b. never contemplated, never excluded: their FC percentage at C_T, no penalty.
  const fcReturns = rows.map(({ record, role }) =>
    role === 'NEVER_CONTEMPLATED' ? closingFcReturn({ creditValue, fcPaidPct: record.fcPaidPct }) : 0n,
  );
  const refundsAwarded = refunds.reduce((s, r) => s + (r?.net ?? 0n), 0n);
  const fcReturned = fcReturns.reduce((s, x) => s + x, 0n);
  const commonFundRemainder = commonFund - refundsAwarded - fcReturned;

  // c. the common-fund remainder by fcPaidPct over the never-excluded records.
  const cfShares = allocateOver(
    commonFundRemainder,
    rows.map(({ record, role }) => (role === 'NEVER_CONTEMPLATED' || role === 'CONTEMPLATED' ? record.fcPaidPct : 0n)),
    keys,
  );
  // d. the reserve remainder by frPaidPct over every record but the WITHDRAWN (and unsold) ones.
  const frShares = allocateOver(
    reserveFund,
    rows.map(({ record, role }) => (role === 'NONE' ? 0n : record.frPaidPct)),
    keys,
  );

  const records = rows.map(({ record, role, overdue }, i): ClosingShare => {
    const fcReturn = fcReturns[i] as bigint;
    const commonFundShare = cfShares[i] as bigint;
    const reserveShare = frShares[i] as bigint;
    // e. a contemplated record's amounts pay its overdue installments first, oldest first.
    let left = fcReturn + commonFundShare + reserveShare;
    const appliedToDebt: { period: number; amount: bigint }[] = [];
    if (role === 'CONTEMPLATED')
      for (const debt of overdue) {
        if (left === 0n) break;
        const amount = debt.amountDue < left ? debt.amountDue : left;
        appliedToDebt.push({ period: debt.period, amount });
        left -= amount;
      }
    return {
      number: record.number,
      version: record.version,
      status: record.status,
      role,
      refund: refunds[i] ?? null,
      fcReturn,
      commonFundShare,
      reserveShare,
      appliedToDebt,
      payable: left,
    };
  });
  const commonFundDistributed = cfShares.reduce((s, x) => s + x, 0n);
  const reserveFundDistributed = frShares.reduce((s, x) => s + x, 0n);
  return {
    records,
    refundsAwarded,
    fcReturned,
    commonFundRemainder,
    commonFundDistributed,
    commonFundLeft: commonFundRemainder - commonFundDistributed,
    reserveFundDistributed,
    reserveFundLeft: reserveFund - reserveFundDistributed,
  };
}

/**
 * The closing's journal entries: one E12 per refund awarded in step a (keyed by record), then one E16 crediting each
 * record's MEMBER_BALANCES_PAYABLE with its steps b–d total (debiting COMMON_FUND and RESERVE_FUND). The step e
 * set-offs are posted afterwards as E3/E4 paid from MEMBER_BALANCES_PAYABLE, one per installment, with that
 * installment's components. No E16 when nothing is distributed.
 */
export function closingEntries(distribution: ClosingDistribution): JournalEntry[] {
  const entries: JournalEntry[] = [];
  for (const r of distribution.records)
    if (r.refund !== null && r.refund.net > 0n)
      entries.push(refundAwardedEntry({ net: r.refund.net, record: { number: r.number, version: r.version } }));
  const payouts = distribution.records
    .map((r) => ({
      number: r.number,
      version: r.version,
      fromCommonFund: r.fcReturn + r.commonFundShare,
      fromReserveFund: r.reserveShare,
    }))
    .filter((p) => p.fromCommonFund + p.fromReserveFund > 0n);
  if (payouts.length > 0) entries.push(closingDistributionEntry(payouts));
  return entries;
}
