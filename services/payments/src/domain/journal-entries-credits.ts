import { RuleViolation, ValidationError } from '@consorcio/shared/errors';
import { journalEntry, type JournalEntry } from './journal-entry';
import { requireCentavos } from './ledger-records';
import {
  BookEntries,
  ComponentSplit,
  dr,
  cr,
  signedCredit,
  optionalId,
  requireSplit,
  administratorReceivable,
} from './journal-lines';

/** Entries of contemplations and credit: bid money, letters, the reserve's cover, releases (E6–E9, E14, E15, E19). */
// ---------------------------------------------------------------------------------------------------------------- E6

/**
 * E6, the own part O of a bid paid (or a prepayment), split over the record's remaining components (`split3`, §6.6):
 * G Dr BANK O / Cr COMMON_FUND fcO, Cr ADMIN_FEE_PAYABLE afO, Cr RESERVE_FUND frO; A Dr RECEIVABLE_FROM_GROUPS /
 * Cr ADMIN_FEE_REVENUE afO (null when 0).
 */
export function bidPaidEntries(own: ComponentSplit): BookEntries {
  const total = requireSplit('own', own);
  if (total === 0n) throw new ValidationError('own', 'the amount paid must be > 0');
  const group = journalEntry({
    book: 'GROUP',
    kind: 'E6',
    lines: [
      dr('BANK', total),
      ...signedCredit('COMMON_FUND', own.fc),
      ...signedCredit('ADMIN_FEE_PAYABLE', own.af),
      ...signedCredit('RESERVE_FUND', own.fr),
    ],
  });
  return { group, administrator: administratorReceivable('E6', 'ADMIN_FEE_REVENUE', own.af) };
}

// ---------------------------------------------------------------------------------------------------------------- E7

/**
 * E7, a contemplation: the letter is issued for C − E, E being the embedded part of a bid split over the record's
 * components (0 for draws). G Dr COMMON_FUND C − fcE / Cr CREDITS_PAYABLE C − E, Cr ADMIN_FEE_PAYABLE afE, Cr
 * RESERVE_FUND frE; A Dr RECEIVABLE_FROM_GROUPS / Cr ADMIN_FEE_REVENUE afE (null when 0). Post E8 first when the
 * reserve covers a draw's shortfall.
 * @throws RuleViolation `embedded_exceeds_credit` when E ≥ C (the letter would be empty).
 */
export function contemplationEntries(input: {
  creditValue: bigint;
  embedded?: ComponentSplit;
  letter?: string;
}): BookEntries {
  const c = requireCentavos('creditValue', input.creditValue, 'positive');
  const embedded = input.embedded ?? { fc: 0n, af: 0n, fr: 0n };
  const e = requireSplit('embedded', embedded);
  if (e >= c)
    throw new RuleViolation('embedded_exceeds_credit', `embedded part ${e} must be less than the credit value ${c}`);
  const letter = optionalId('letter', input.letter);
  const group = journalEntry({
    book: 'GROUP',
    kind: 'E7',
    lines: [
      dr('COMMON_FUND', c - embedded.fc),
      cr('CREDITS_PAYABLE', c - e, letter),
      ...signedCredit('ADMIN_FEE_PAYABLE', embedded.af),
      ...signedCredit('RESERVE_FUND', embedded.fr),
    ],
  });
  return { group, administrator: administratorReceivable('E7', 'ADMIN_FEE_REVENUE', embedded.af) };
}

// ------------------------------------------------------------------------------------------------------- E8, E14, E15

/** E8, the reserve covers a planned draw's shortfall `C_p − available` (§6.4): G Dr RESERVE_FUND / Cr COMMON_FUND. */
export function reserveCoverEntry(amount: bigint): JournalEntry {
  requireCentavos('amount', amount, 'positive');
  return journalEntry({ book: 'GROUP', kind: 'E8', lines: [dr('RESERVE_FUND', amount), cr('COMMON_FUND', amount)] });
}

/** E14, the part of a fund revaluation the reserve covers (§10.3): G Dr RESERVE_FUND / Cr COMMON_FUND. */
export function revaluationCoverEntry(amount: bigint): JournalEntry {
  requireCentavos('amount', amount, 'positive');
  return journalEntry({ book: 'GROUP', kind: 'E14', lines: [dr('RESERVE_FUND', amount), cr('COMMON_FUND', amount)] });
}

/** E15, another reserve use (the group's bank charges, collection costs; Res. 285 art. 22): G Dr RESERVE_FUND / Cr BANK. */
export function reserveExpenseEntry(amount: bigint): JournalEntry {
  requireCentavos('amount', amount, 'positive');
  return journalEntry({ book: 'GROUP', kind: 'E15', lines: [dr('RESERVE_FUND', amount), cr('BANK', amount)] });
}

// ----------------------------------------------------------------------------------------------------------- E9, E19

/** E9, credit released to a seller, a construction tranche or a cash-out: G Dr CREDITS_PAYABLE / Cr BANK. */
export function creditReleasedEntry(input: { amount: bigint; letter?: string }): JournalEntry {
  requireCentavos('amount', input.amount, 'positive');
  const letter = optionalId('letter', input.letter);
  return journalEntry({
    book: 'GROUP',
    kind: 'E9',
    lines: [dr('CREDITS_PAYABLE', input.amount, letter), cr('BANK', input.amount)],
  });
}

/**
 * E19, a contemplation cancelled after the letter was issued (§9.8, D-22): only the letter's balance (credit +
 * accrued yield) moves back, G Dr CREDITS_PAYABLE / Cr COMMON_FUND; the embedded amortization and the admin fee
 * already posted stay.
 */
export function contemplationCancelledEntry(input: { balance: bigint; letter?: string }): JournalEntry {
  requireCentavos('balance', input.balance, 'positive');
  const letter = optionalId('letter', input.letter);
  return journalEntry({
    book: 'GROUP',
    kind: 'E19',
    lines: [dr('CREDITS_PAYABLE', input.balance, letter), cr('COMMON_FUND', input.balance)],
  });
}
