import { RuleViolation, ValidationError } from '@consorcio/shared/errors';
import { journalEntry, type JournalEntry } from './journal-entry';
import { type LedgerRecordRef, requireCentavos } from './ledger-records';
import {
  BookEntries,
  PaymentSource,
  dr,
  cr,
  signedCredit,
  optionalId,
  optionalRecord,
  requireSource,
  administratorReceivable,
} from './journal-lines';

/** Entries of members' contributions: upfront fee, billing, payment, late fees, remittances (E1–E5). */
// ---------------------------------------------------------------------------------------------------------------- E1

/** E1, upfront admin fee paid at enrollment (§4.4): A Dr BANK_ADMIN / Cr ADMIN_FEE_ADVANCES (held until constitution). */
export function upfrontFeePaidEntry(amount: bigint): JournalEntry {
  requireCentavos('amount', amount, 'positive');
  return journalEntry({
    book: 'ADMINISTRATOR',
    kind: 'E1',
    lines: [dr('BANK_ADMIN', amount), cr('ADMIN_FEE_ADVANCES', amount)],
  });
}

/** E1, at the group's constitution: the advances become revenue, A Dr ADMIN_FEE_ADVANCES / Cr ADMIN_FEE_REVENUE. */
export function upfrontFeeRecognisedEntry(amount: bigint): JournalEntry {
  requireCentavos('amount', amount, 'positive');
  return journalEntry({
    book: 'ADMINISTRATOR',
    kind: 'E1',
    lines: [dr('ADMIN_FEE_ADVANCES', amount), cr('ADMIN_FEE_REVENUE', amount)],
  });
}

// ---------------------------------------------------------------------------------------------------------------- E2

/** E2, installment billed for `total` (all its lines): G Dr INSTALLMENTS_RECEIVABLE / Cr BILLED_CONTRIBUTIONS. */
export function installmentBilledEntry(input: { total: bigint; installment?: string }): JournalEntry {
  requireCentavos('total', input.total, 'positive');
  const sub = optionalId('installment', input.installment);
  return journalEntry({
    book: 'GROUP',
    kind: 'E2',
    lines: [dr('INSTALLMENTS_RECEIVABLE', input.total, sub), cr('BILLED_CONTRIBUTIONS', input.total, sub)],
  });
}

// ---------------------------------------------------------------------------------------------------------------- E3

/** The facts of an installment paid (§4.2, §5.1): its amounts valued at the payment date and what was billed. */
export interface InstallmentPaidFacts {
  /**
   * What E2 billed for this installment. For a closing set-off that covers only part of an overdue installment
   * (§14 step e), pass the covered part's own total: no Δ is posted and the rest stays receivable, in collection.
   */
  readonly billedTotal: bigint;
  readonly fc: bigint;
  readonly af: bigint;
  readonly fr: bigint;
  /** Insurance premium (0 when the record did not opt in). */
  readonly ins: bigint;
  /** The record's fund-revaluation line, negative for a discount (§10.3); 0 when absent. */
  readonly fundRevaluation?: bigint;
  /** A previous installment's price difference per component (§4.5), signed; 0 when absent. */
  readonly priceDifference?: { readonly fc: bigint; readonly af: bigint; readonly fr: bigint; readonly ins: bigint };
  /** Sub-ledger key of the installment on INSTALLMENTS_RECEIVABLE and BILLED_CONTRIBUTIONS. */
  readonly installment?: string;
  /**
   * BANK (a member's payment, the default), or MEMBER_BALANCES_PAYABLE when a closing distribution owed to the
   * record is set off against its overdue installment (§14 step e).
   */
  readonly paidFrom?: PaymentSource;
  /** The record whose MEMBER_BALANCES_PAYABLE pays, when `paidFrom` is MEMBER_BALANCES_PAYABLE. */
  readonly record?: LedgerRecordRef;
}

/**
 * E3, installment paid with T = fc + af + fr + ins + fundRevaluation + Σ priceDifference (> 0). Group book, one
 * compound entry in §13.3's order: if T ≠ billedTotal, Δ = T − billed as Dr INSTALLMENTS_RECEIVABLE / Cr
 * BILLED_CONTRIBUTIONS (sides swapped when Δ < 0); then Dr BANK T / Cr INSTALLMENTS_RECEIVABLE T; Dr
 * BILLED_CONTRIBUTIONS T / Cr COMMON_FUND fc + fundRevaluation + pd.fc, Cr ADMIN_FEE_PAYABLE af + pd.af, Cr
 * RESERVE_FUND fr + pd.fr, Cr INSURANCE_PAYABLE ins + pd.ins (a negative sum is posted as a debit).
 * Administrator book: Dr RECEIVABLE_FROM_GROUPS / Cr ADMIN_FEE_REVENUE of af + pd.af — the whole admin-fee part the
 * group now owes, so both books agree on it (D-21: recognised on receipt).
 */
export function installmentPaidEntries(facts: InstallmentPaidFacts): BookEntries {
  const billed = requireCentavos('billedTotal', facts.billedTotal, 'positive');
  requireCentavos('fc', facts.fc, 'nonNegative');
  requireCentavos('af', facts.af, 'nonNegative');
  requireCentavos('fr', facts.fr, 'nonNegative');
  requireCentavos('ins', facts.ins, 'nonNegative');
  const rev = requireCentavos('fundRevaluation', facts.fundRevaluation ?? 0n, 'signed');
  const pd = facts.priceDifference ?? { fc: 0n, af: 0n, fr: 0n, ins: 0n };
  for (const c of ['fc', 'af', 'fr', 'ins'] as const) requireCentavos(`priceDifference.${c}`, pd[c], 'signed');
  const source = requireSource(facts.paidFrom);
  const inst = optionalId('installment', facts.installment);
  const payer = optionalRecord('record', facts.record);

  const commonFund = facts.fc + rev + pd.fc;
  const adminFee = facts.af + pd.af;
  const reserve = facts.fr + pd.fr;
  const insurance = facts.ins + pd.ins;
  const total = commonFund + adminFee + reserve + insurance;
  if (total <= 0n) throw new ValidationError('total', `the installment's total must be > 0 (got ${total})`);
  const delta = total - billed;

  const group = journalEntry({
    book: 'GROUP',
    kind: 'E3',
    lines: [
      ...(delta > 0n ? [dr('INSTALLMENTS_RECEIVABLE', delta, inst), cr('BILLED_CONTRIBUTIONS', delta, inst)] : []),
      ...(delta < 0n ? [dr('BILLED_CONTRIBUTIONS', -delta, inst), cr('INSTALLMENTS_RECEIVABLE', -delta, inst)] : []),
      dr(source, total, source === 'BANK' ? undefined : payer),
      cr('INSTALLMENTS_RECEIVABLE', total, inst),
      dr('BILLED_CONTRIBUTIONS', total, inst),
      ...signedCredit('COMMON_FUND', commonFund),
      ...signedCredit('ADMIN_FEE_PAYABLE', adminFee),
      ...signedCredit('RESERVE_FUND', reserve),
      ...signedCredit('INSURANCE_PAYABLE', insurance),
    ],
  });
  return { group, administrator: administratorReceivable('E3', 'ADMIN_FEE_REVENUE', adminFee) };
}

// ---------------------------------------------------------------------------------------------------------------- E4

/** The late fees of one installment paid (§5.2) and how they were shared (D-03). */
export interface LateFeesPaidFacts {
  readonly fine: bigint;
  readonly interest: bigint;
  /** The group's share; groupShare + adminShare = fine + interest. */
  readonly groupShare: bigint;
  /** The administrator's share. */
  readonly adminShare: bigint;
  /** As for E3: BANK, or the record's MEMBER_BALANCES_PAYABLE at a closing set-off. */
  readonly paidFrom?: PaymentSource;
  readonly record?: LedgerRecordRef;
}

/**
 * E4, late fees paid: G Dr BANK fine + interest / Cr COMMON_FUND groupShare, Cr ADMIN_LATE_FEES_PAYABLE adminShare;
 * A Dr RECEIVABLE_FROM_GROUPS / Cr LATE_FEE_REVENUE adminShare (null when 0).
 * @throws RuleViolation `late_fee_shares_mismatch` when the shares do not add up to the fees.
 */
export function lateFeesPaidEntries(facts: LateFeesPaidFacts): BookEntries {
  const fees =
    requireCentavos('fine', facts.fine, 'nonNegative') + requireCentavos('interest', facts.interest, 'nonNegative');
  requireCentavos('groupShare', facts.groupShare, 'nonNegative');
  requireCentavos('adminShare', facts.adminShare, 'nonNegative');
  if (fees === 0n) throw new ValidationError('fine', 'fine + interest must be > 0');
  if (facts.groupShare + facts.adminShare !== fees)
    throw new RuleViolation(
      'late_fee_shares_mismatch',
      `group share ${facts.groupShare} + administrator share ${facts.adminShare} ≠ fees ${fees}`,
    );
  const source = requireSource(facts.paidFrom);
  const payer = optionalRecord('record', facts.record);
  const group = journalEntry({
    book: 'GROUP',
    kind: 'E4',
    lines: [
      dr(source, fees, source === 'BANK' ? undefined : payer),
      ...signedCredit('COMMON_FUND', facts.groupShare),
      ...signedCredit('ADMIN_LATE_FEES_PAYABLE', facts.adminShare),
    ],
  });
  return { group, administrator: administratorReceivable('E4', 'LATE_FEE_REVENUE', facts.adminShare) };
}

// ---------------------------------------------------------------------------------------------------------------- E5

/**
 * E5, the group remits to the administrator what it owes: G Dr ADMIN_FEE_PAYABLE adminFee, Dr
 * ADMIN_LATE_FEES_PAYABLE adminLateFees / Cr BANK (their sum); A Dr BANK_ADMIN / Cr RECEIVABLE_FROM_GROUPS (the sum).
 */
export function remittanceEntries(input: { adminFee: bigint; adminLateFees: bigint }): BookEntries {
  const total =
    requireCentavos('adminFee', input.adminFee, 'nonNegative') +
    requireCentavos('adminLateFees', input.adminLateFees, 'nonNegative');
  if (total === 0n) throw new ValidationError('adminFee', 'adminFee + adminLateFees must be > 0');
  const group = journalEntry({
    book: 'GROUP',
    kind: 'E5',
    lines: [
      ...(input.adminFee > 0n ? [dr('ADMIN_FEE_PAYABLE', input.adminFee)] : []),
      ...(input.adminLateFees > 0n ? [dr('ADMIN_LATE_FEES_PAYABLE', input.adminLateFees)] : []),
      cr('BANK', total),
    ],
  });
  const administrator = journalEntry({
    book: 'ADMINISTRATOR',
    kind: 'E5',
    lines: [dr('BANK_ADMIN', total), cr('RECEIVABLE_FROM_GROUPS', total)],
  });
  return { group, administrator };
}

/** E5, insurance premiums remitted to the insurer: G Dr INSURANCE_PAYABLE / Cr BANK. */
export function insuranceRemittanceEntry(amount: bigint): JournalEntry {
  requireCentavos('amount', amount, 'positive');
  return journalEntry({ book: 'GROUP', kind: 'E5', lines: [dr('INSURANCE_PAYABLE', amount), cr('BANK', amount)] });
}
