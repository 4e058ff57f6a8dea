import { ValidationError } from '@consorcio/shared/errors';
import { type LedgerAccount } from './accounts';
import { journalEntry, type JournalEntry, type JournalLineInput } from './journal-entry';
import { type LedgerRecordRef, recordSubledger, requireCentavos, requireId, requireRecord } from './ledger-records';

/** The pieces every entry builder shares: one-sided lines, checked inputs, the administrator's mirror. */

/**
 * One pure builder per entry kind of domain.md §13.3. Each takes the business facts (amounts already computed and
 * split by the rules that own them) and returns the balanced entry, or the group + administrator pair where the
 * table posts to both books. A line of 0 is never written (the journal refuses it): a fact of 0 drops its line, and
 * an administrator entry with nothing to post is `null`. Amounts are bigint centavos.
 */

/** The entries of one event that posts to both books; `administrator` is null when its amount is 0. */
export interface BookEntries {
  readonly group: JournalEntry;
  readonly administrator: JournalEntry | null;
}

/** An amount per component of an obligation: common fund, admin fee, reserve fund (e.g. a `split3` result). */
export interface ComponentSplit {
  readonly fc: bigint;
  readonly af: bigint;
  readonly fr: bigint;
}

/** Where the money that pays an installment or its late fees comes from. */
export type PaymentSource = 'BANK' | 'MEMBER_BALANCES_PAYABLE';

export function line(
  account: LedgerAccount,
  side: 'debit' | 'credit',
  amount: bigint,
  subledger?: string,
): JournalLineInput {
  const l: JournalLineInput = side === 'debit' ? { account, debit: amount } : { account, credit: amount };
  return subledger === undefined ? l : { ...l, subledger };
}

export const dr = (account: LedgerAccount, amount: bigint, subledger?: string): JournalLineInput =>
  line(account, 'debit', amount, subledger);
export const cr = (account: LedgerAccount, amount: bigint, subledger?: string): JournalLineInput =>
  line(account, 'credit', amount, subledger);

/** A credit of a signed amount: > 0 a credit, < 0 a debit of its absolute value ("sides swapped"), 0 no line. */
export function signedCredit(account: LedgerAccount, amount: bigint, subledger?: string): JournalLineInput[] {
  if (amount === 0n) return [];
  return [amount > 0n ? cr(account, amount, subledger) : dr(account, -amount, subledger)];
}

export const optionalId = (field: string, id: string | undefined): string | undefined =>
  id === undefined ? undefined : requireId(field, id);

export function optionalRecord(field: string, record: LedgerRecordRef | undefined): string | undefined {
  if (record === undefined) return undefined;
  requireRecord(field, record);
  return recordSubledger(record);
}

export function requireSplit(field: string, s: ComponentSplit): bigint {
  requireCentavos(`${field}.fc`, s.fc, 'nonNegative');
  requireCentavos(`${field}.af`, s.af, 'nonNegative');
  requireCentavos(`${field}.fr`, s.fr, 'nonNegative');
  return s.fc + s.af + s.fr;
}

export function requireSource(source: PaymentSource | undefined): PaymentSource {
  const s = source ?? 'BANK';
  if (s !== 'BANK' && s !== 'MEMBER_BALANCES_PAYABLE')
    throw new ValidationError('paidFrom', 'must be BANK or MEMBER_BALANCES_PAYABLE');
  return s;
}

/** The administrator's side of an admin-fee amount owed by the group: Dr RECEIVABLE_FROM_GROUPS / Cr `revenue`. */
export function administratorReceivable(
  kind: 'E3' | 'E4' | 'E6' | 'E7' | 'E18',
  revenue: 'ADMIN_FEE_REVENUE' | 'LATE_FEE_REVENUE' | 'PERMANENCE_FEE_REVENUE',
  amount: bigint,
): JournalEntry | null {
  if (amount === 0n) return null;
  const lines =
    amount > 0n
      ? [dr('RECEIVABLE_FROM_GROUPS', amount), cr(revenue, amount)]
      : [dr(revenue, -amount), cr('RECEIVABLE_FROM_GROUPS', -amount)];
  return journalEntry({ book: 'ADMINISTRATOR', kind, lines });
}
