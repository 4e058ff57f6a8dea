import { ValidationError } from '@consorcio/shared/errors';
import { INCOME_BUCKET_ACCOUNT, type GroupAccount } from './accounts';
import { journalEntry, type JournalEntry, type JournalLineInput } from './journal-entry';
import { type LedgerRecordRef, recordSubledger, requireCentavos, requireRecord } from './ledger-records';
import { BookEntries, dr, cr, optionalId, optionalRecord, administratorReceivable } from './journal-lines';

/** Entries of the group's funds: income, exclusion, refunds, closing, fees after closing (E10–E13, E16–E18). */
// --------------------------------------------------------------------------------------------------------------- E10

/** One bucket's share of the month's investment income: the account it is credited to and its sub-ledger key. */
export interface IncomeCredit {
  readonly account: GroupAccount;
  readonly subledger?: string;
  readonly amount: bigint;
}

const INCOME_ACCOUNTS: readonly GroupAccount[] = Object.values(INCOME_BUCKET_ACCOUNT);

/**
 * E10, the month's investment income I (§12) from its allocation (`allocateIncome`'s shares): G Dr BANK I / Cr each
 * bucket's account its share, in the allocation's order; shares of 0 get no line.
 * @throws ValidationError when a share is negative or on an account that is not an income bucket, or I = 0.
 */
export function investmentIncomeEntry(shares: readonly IncomeCredit[]): JournalEntry {
  let total = 0n;
  shares.forEach((s, i) => {
    if (!INCOME_ACCOUNTS.includes(s.account))
      throw new ValidationError(`shares[${i}].account`, `${String(s.account)} is not an income bucket`);
    total += requireCentavos(`shares[${i}].amount`, s.amount, 'nonNegative');
  });
  if (total === 0n) throw new ValidationError('shares', 'the income must be > 0');
  return journalEntry({
    book: 'GROUP',
    kind: 'E10',
    lines: [dr('BANK', total), ...shares.filter((s) => s.amount > 0n).map((s) => cr(s.account, s.amount, s.subledger))],
  });
}

// --------------------------------------------------------------------------------------------------------------- E11

/**
 * E11, exclusion (§3.5): every open (billed, unpaid) installment is cancelled at what it was billed, G Dr
 * BILLED_CONTRIBUTIONS / Cr INSTALLMENTS_RECEIVABLE per installment.
 */
export function exclusionEntry(open: readonly { billedTotal: bigint; installment?: string }[]): JournalEntry {
  if (open.length === 0) throw new ValidationError('open', 'must list at least one open installment');
  const lines = open.flatMap((o, i) => {
    requireCentavos(`open[${i}].billedTotal`, o.billedTotal, 'positive');
    const sub = optionalId(`open[${i}].installment`, o.installment);
    return [dr('BILLED_CONTRIBUTIONS', o.billedTotal, sub), cr('INSTALLMENTS_RECEIVABLE', o.billedTotal, sub)];
  });
  return journalEntry({ book: 'GROUP', kind: 'E11', lines });
}

// ---------------------------------------------------------------------------------------------------------- E12, E13

/**
 * E12, a refund awarded (§6.5, §11, §14 step a): G Dr COMMON_FUND net / Cr REFUNDS_PAYABLE net. The penalty is not
 * posted: it simply stays in COMMON_FUND, in favour of the group (D-04).
 */
export function refundAwardedEntry(input: { net: bigint; record?: LedgerRecordRef }): JournalEntry {
  requireCentavos('net', input.net, 'positive');
  const sub = optionalRecord('record', input.record);
  return journalEntry({
    book: 'GROUP',
    kind: 'E12',
    lines: [dr('COMMON_FUND', input.net), cr('REFUNDS_PAYABLE', input.net, sub)],
  });
}

/** E13, a refund paid (net plus the income it earned since the award): G Dr REFUNDS_PAYABLE / Cr BANK. */
export function refundPaidEntry(input: { amount: bigint; record?: LedgerRecordRef }): JournalEntry {
  requireCentavos('amount', input.amount, 'positive');
  const sub = optionalRecord('record', input.record);
  return journalEntry({
    book: 'GROUP',
    kind: 'E13',
    lines: [dr('REFUNDS_PAYABLE', input.amount, sub), cr('BANK', input.amount)],
  });
}

// --------------------------------------------------------------------------------------------------------------- E16

/** What the closing gives one record out of each fund (§14 steps b–d). */
export interface ClosingPayout extends LedgerRecordRef {
  /** Step b (FC percentage returned without penalty) plus step c (its share of the common-fund remainder). */
  readonly fromCommonFund: bigint;
  /** Step d: its share of the reserve-fund remainder. */
  readonly fromReserveFund: bigint;
}

/**
 * E16, the closing distribution: G Dr COMMON_FUND (Σ fromCommonFund), Dr RESERVE_FUND (Σ fromReserveFund) / Cr
 * MEMBER_BALANCES_PAYABLE each record's total, keyed by record. The part of a contemplated record's amount that
 * pays its overdue debt (§14 step e) is then posted as E3/E4 paid from its MEMBER_BALANCES_PAYABLE.
 */
export function closingDistributionEntry(payouts: readonly ClosingPayout[]): JournalEntry {
  const seen = new Set<string>();
  let fromCommonFund = 0n;
  let fromReserveFund = 0n;
  const credits: JournalLineInput[] = [];
  payouts.forEach((p, i) => {
    requireRecord(`payouts[${i}]`, p);
    const key = recordSubledger(p);
    if (seen.has(key)) throw new ValidationError(`payouts[${i}]`, `record ${key} is listed twice`);
    seen.add(key);
    const fc = requireCentavos(`payouts[${i}].fromCommonFund`, p.fromCommonFund, 'nonNegative');
    const fr = requireCentavos(`payouts[${i}].fromReserveFund`, p.fromReserveFund, 'nonNegative');
    fromCommonFund += fc;
    fromReserveFund += fr;
    if (fc + fr > 0n) credits.push(cr('MEMBER_BALANCES_PAYABLE', fc + fr, key));
  });
  if (credits.length === 0) throw new ValidationError('payouts', 'nothing to distribute');
  return journalEntry({
    book: 'GROUP',
    kind: 'E16',
    lines: [
      ...(fromCommonFund > 0n ? [dr('COMMON_FUND', fromCommonFund)] : []),
      ...(fromReserveFund > 0n ? [dr('RESERVE_FUND', fromReserveFund)] : []),
      ...credits,
    ],
  });
}

// ---------------------------------------------------------------------------------------------------------- E17, E18

/** E17, a transfer fee paid by the transferee (§3.4) to the administrator: A Dr BANK_ADMIN / Cr TRANSFER_FEE_REVENUE. */
export function transferFeeEntry(amount: bigint): JournalEntry {
  requireCentavos('amount', amount, 'positive');
  return journalEntry({
    book: 'ADMINISTRATOR',
    kind: 'E17',
    lines: [dr('BANK_ADMIN', amount), cr('TRANSFER_FEE_REVENUE', amount)],
  });
}

/** The payables an unclaimed balance sits in after closing. */
export type UnclaimedAccount = 'MEMBER_BALANCES_PAYABLE' | 'REFUNDS_PAYABLE' | 'CREDITS_PAYABLE';

/**
 * E18, the monthly permanence fee on an unclaimed balance after closing (§14 step 4): G Dr the payable it sits in /
 * Cr ADMIN_FEE_PAYABLE; A Dr RECEIVABLE_FROM_GROUPS / Cr PERMANENCE_FEE_REVENUE.
 */
export function permanenceFeeEntries(input: {
  amount: bigint;
  from: UnclaimedAccount;
  subledger?: string;
}): BookEntries {
  requireCentavos('amount', input.amount, 'positive');
  if (!['MEMBER_BALANCES_PAYABLE', 'REFUNDS_PAYABLE', 'CREDITS_PAYABLE'].includes(input.from))
    throw new ValidationError('from', 'must be MEMBER_BALANCES_PAYABLE, REFUNDS_PAYABLE or CREDITS_PAYABLE');
  const sub = optionalId('subledger', input.subledger);
  const group = journalEntry({
    book: 'GROUP',
    kind: 'E18',
    lines: [dr(input.from, input.amount, sub), cr('ADMIN_FEE_PAYABLE', input.amount)],
  });
  return { group, administrator: administratorReceivable('E18', 'PERMANENCE_FEE_REVENUE', input.amount) };
}
