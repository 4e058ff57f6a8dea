import { RuleViolation, ValidationError, type FieldViolation } from '@consorcio/shared/errors';
import {
  ADMINISTRATOR_CHART,
  GROUP_CHART,
  LEDGER_BOOKS,
  accountDefinition,
  normalSideOf,
  type LedgerAccount,
  type LedgerBook,
} from './accounts';

/**
 * A journal entry of one book (domain.md §13): insert-only double entry. An entry exists only through
 * `journalEntry`, which refuses anything that is not a balanced set of one-sided, non-negative lines on accounts of
 * the entry's book; a correction is a new entry, `reverse(entry)`, never an edit.
 */

/** The kinds of entry of §13.3, one per business event. */
export type JournalKind =
  | 'E1'
  | 'E2'
  | 'E3'
  | 'E4'
  | 'E5'
  | 'E6'
  | 'E7'
  | 'E8'
  | 'E9'
  | 'E10'
  | 'E11'
  | 'E12'
  | 'E13'
  | 'E14'
  | 'E15'
  | 'E16'
  | 'E17'
  | 'E18'
  | 'E19';

/** Every entry kind, in order. */
export const JOURNAL_KINDS: readonly JournalKind[] = [
  'E1',
  'E2',
  'E3',
  'E4',
  'E5',
  'E6',
  'E7',
  'E8',
  'E9',
  'E10',
  'E11',
  'E12',
  'E13',
  'E14',
  'E15',
  'E16',
  'E17',
  'E18',
  'E19',
];

/** The business event of each kind (§13.3). */
export const JOURNAL_KIND_EVENTS: Readonly<Record<JournalKind, string>> = {
  E1: 'upfront admin fee paid / group constituted',
  E2: 'installment billed',
  E3: 'installment paid',
  E4: 'late fees paid',
  E5: 'remittances',
  E6: 'bid own part paid (also prepayment)',
  E7: 'contemplation (letter issued)',
  E8: 'reserve covers a draw shortfall',
  E9: 'credit released',
  E10: 'investment income',
  E11: 'exclusion',
  E12: 'refund awarded',
  E13: 'refund paid',
  E14: 'fund revaluation covered by reserve',
  E15: 'other reserve uses',
  E16: 'closing distribution',
  E17: 'transfer fee',
  E18: 'unclaimed permanence fee',
  E19: 'contemplation cancelled after issue',
};

/** The books each kind posts to in §13.3's table (G, A or both); an entry of a kind in another book is refused. */
export const JOURNAL_KIND_BOOKS: Readonly<Record<JournalKind, readonly LedgerBook[]>> = {
  E1: ['ADMINISTRATOR'],
  E2: ['GROUP'],
  E3: ['GROUP', 'ADMINISTRATOR'],
  E4: ['GROUP', 'ADMINISTRATOR'],
  E5: ['GROUP', 'ADMINISTRATOR'],
  E6: ['GROUP', 'ADMINISTRATOR'],
  E7: ['GROUP', 'ADMINISTRATOR'],
  E8: ['GROUP'],
  E9: ['GROUP'],
  E10: ['GROUP'],
  E11: ['GROUP'],
  E12: ['GROUP'],
  E13: ['GROUP'],
  E14: ['GROUP'],
  E15: ['GROUP'],
  E16: ['GROUP'],
  E17: ['ADMINISTRATOR'],
  E18: ['GROUP', 'ADMINISTRATOR'],
  E19: ['GROUP'],
};

/** One line of an entry: exactly one of `debit` and `credit` is > 0, the other is 0. */
export interface JournalLine {
  readonly account: LedgerAccount;
  readonly debit: bigint;
  readonly credit: bigint;
  /** The sub-ledger key (installment, credit letter, quota record), only on accounts whose chart has a sub-ledger. */
  readonly subledger?: string;
}

/** A line as handed to `journalEntry`: a missing side is 0. */
export interface JournalLineInput {
  readonly account: string;
  readonly debit?: bigint;
  readonly credit?: bigint;
  readonly subledger?: string;
}

declare const JOURNAL_ENTRY: unique symbol;

/** A balanced entry of one book. Only `journalEntry` (and the builders and `reverse` that call it) make one. */
export interface JournalEntry {
  readonly book: LedgerBook;
  readonly kind: JournalKind;
  /** True for an entry that reverses another (a correction); reversing it again gives back the original. */
  readonly reversal: boolean;
  readonly lines: readonly JournalLine[];
  /** Type-only brand: an object literal is not a JournalEntry. */
  readonly [JOURNAL_ENTRY]: true;
}

function isKind(kind: unknown): kind is JournalKind {
  return typeof kind === 'string' && (JOURNAL_KINDS as readonly string[]).includes(kind);
}

function lineViolations(book: LedgerBook, line: JournalLineInput, i: number): FieldViolation[] {
  const at = `lines[${i}]`;
  const out: FieldViolation[] = [];
  const def = typeof line.account === 'string' ? accountDefinition(line.account) : undefined;
  if (def === undefined || def.book !== book)
    out.push({ field: `${at}.account`, rule: `${String(line.account)} is not an account of the ${book} book` });
  const debit = line.debit ?? 0n;
  const credit = line.credit ?? 0n;
  if (typeof debit !== 'bigint' || typeof credit !== 'bigint') {
    out.push({ field: at, rule: 'debit and credit must be bigint centavos' });
    return out;
  }
  if (debit < 0n) out.push({ field: `${at}.debit`, rule: `must be >= 0 (got ${debit})` });
  if (credit < 0n) out.push({ field: `${at}.credit`, rule: `must be >= 0 (got ${credit})` });
  if (debit > 0n && credit > 0n) out.push({ field: at, rule: 'must have a debit or a credit, not both' });
  if (debit === 0n && credit === 0n) out.push({ field: at, rule: 'must have a debit or a credit (both are 0)' });
  if (line.subledger !== undefined) {
    if (typeof line.subledger !== 'string' || line.subledger.length === 0)
      out.push({ field: `${at}.subledger`, rule: 'must be a non-empty string when given' });
    else if (def !== undefined && def.subledger === null)
      out.push({ field: `${at}.subledger`, rule: `${def.account} has no sub-ledger` });
  }
  return out;
}

/**
 * Builds an entry of `book`, refusing: an unknown book or kind, a kind §13.3 does not post to that book, no lines,
 * an account that is not in the book's chart, a negative amount, a line with both sides or neither, a sub-ledger
 * key on an account without a sub-ledger (every such violation at once, ValidationError), and an entry whose
 * debits and credits differ (RuleViolation `unbalanced_entry`). The entry and its lines are frozen.
 */
export function journalEntry(input: {
  book: LedgerBook;
  kind: JournalKind;
  lines: readonly JournalLineInput[];
  reversal?: boolean;
}): JournalEntry {
  const { book, kind, lines } = input;
  if (!LEDGER_BOOKS.includes(book)) throw new ValidationError('book', `must be one of ${LEDGER_BOOKS.join(', ')}`);
  if (!isKind(kind)) throw new ValidationError('kind', 'must be one of E1 … E19');
  if (!JOURNAL_KIND_BOOKS[kind].includes(book))
    throw new ValidationError('kind', `${kind} (${JOURNAL_KIND_EVENTS[kind]}) is not posted to the ${book} book`);
  const untyped: unknown = lines;
  if (!Array.isArray(untyped) || lines.length === 0) throw new ValidationError('lines', 'must not be empty');
  ValidationError.throwIfAny(lines.flatMap((line, i) => lineViolations(book, line, i)));

  let debits = 0n;
  let credits = 0n;
  const built = lines.map((l): JournalLine => {
    const debit = l.debit ?? 0n;
    const credit = l.credit ?? 0n;
    debits += debit;
    credits += credit;
    const line = { account: l.account as LedgerAccount, debit, credit };
    return Object.freeze(l.subledger === undefined ? line : { ...line, subledger: l.subledger });
  });
  if (debits !== credits)
    throw new RuleViolation('unbalanced_entry', `${kind} on the ${book} book: Σ debit ${debits} ≠ Σ credit ${credits}`);
  return Object.freeze({
    book,
    kind,
    reversal: input.reversal ?? false,
    lines: Object.freeze(built),
  }) as unknown as JournalEntry;
}

/** The entry's total: Σ debit, which equals Σ credit. */
export function entryTotal(entry: JournalEntry): bigint {
  return entry.lines.reduce((s, l) => s + l.debit, 0n);
}

/**
 * The entry that undoes `entry`: same book and kind, every line with its sides swapped, `reversal` flipped (so
 * `reverse(reverse(e))` equals `e`). Posting both leaves every account, and every sub-ledger, as before.
 */
export function reverse(entry: JournalEntry): JournalEntry {
  return journalEntry({
    book: entry.book,
    kind: entry.kind,
    reversal: !entry.reversal,
    lines: entry.lines.map((l) => ({ ...l, debit: l.credit, credit: l.debit })),
  });
}

const CHART_ORDER: readonly LedgerAccount[] = [...GROUP_CHART, ...ADMINISTRATOR_CHART].map((d) => d.account);

function signed(line: JournalLine): bigint {
  const net = line.debit - line.credit;
  return normalSideOf(line.account) === 'DEBIT' ? net : -net;
}

/**
 * The balance of every account `entries` touch, signed by its normal side (positive when it sits on it: BANK by
 * debits, COMMON_FUND by credits), in chart order (group chart, then the administrator's). A derived view: the
 * journal is the truth. Pass one book's entries (of one group) for a meaningful report; names never clash across
 * books, so mixing them only puts both books in one map.
 */
export function balances(entries: readonly JournalEntry[]): Map<LedgerAccount, bigint> {
  const sums = new Map<LedgerAccount, bigint>();
  for (const e of entries) for (const l of e.lines) sums.set(l.account, (sums.get(l.account) ?? 0n) + signed(l));
  const ordered = new Map<LedgerAccount, bigint>();
  for (const account of CHART_ORDER) {
    const v = sums.get(account);
    if (v !== undefined) ordered.set(account, v);
  }
  return ordered;
}

/**
 * The balance of each sub-ledger key of `account` (a credit letter's CREDITS_PAYABLE, a record's REFUNDS_PAYABLE),
 * signed by the account's normal side, keys in first-seen order. Lines without a key are left out.
 */
export function subledgerBalances(entries: readonly JournalEntry[], account: LedgerAccount): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const e of entries)
    for (const l of e.lines)
      if (l.account === account && l.subledger !== undefined)
        out.set(l.subledger, (out.get(l.subledger) ?? 0n) + signed(l));
  return out;
}
