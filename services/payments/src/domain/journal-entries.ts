import { RuleViolation, ValidationError } from '@consorcio/shared/errors';
import { INCOME_BUCKET_ACCOUNT, type GroupAccount, type LedgerAccount } from './accounts';
import { journalEntry, type JournalEntry, type JournalLineInput } from './journal-entry';
import { type LedgerRecordRef, recordSubledger, requireCentavos, requireId, requireRecord } from './ledger-records';

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

function line(account: LedgerAccount, side: 'debit' | 'credit', amount: bigint, subledger?: string): JournalLineInput {
  const l: JournalLineInput = side === 'debit' ? { account, debit: amount } : { account, credit: amount };
  return subledger === undefined ? l : { ...l, subledger };
}

const dr = (account: LedgerAccount, amount: bigint, subledger?: string): JournalLineInput =>
  line(account, 'debit', amount, subledger);
const cr = (account: LedgerAccount, amount: bigint, subledger?: string): JournalLineInput =>
  line(account, 'credit', amount, subledger);

/** A credit of a signed amount: > 0 a credit, < 0 a debit of its absolute value ("sides swapped"), 0 no line. */
function signedCredit(account: LedgerAccount, amount: bigint, subledger?: string): JournalLineInput[] {
  if (amount === 0n) return [];
  return [amount > 0n ? cr(account, amount, subledger) : dr(account, -amount, subledger)];
}

const optionalId = (field: string, id: string | undefined): string | undefined =>
  id === undefined ? undefined : requireId(field, id);

function optionalRecord(field: string, record: LedgerRecordRef | undefined): string | undefined {
  if (record === undefined) return undefined;
  requireRecord(field, record);
  return recordSubledger(record);
}

function requireSplit(field: string, s: ComponentSplit): bigint {
  requireCentavos(`${field}.fc`, s.fc, 'nonNegative');
  requireCentavos(`${field}.af`, s.af, 'nonNegative');
  requireCentavos(`${field}.fr`, s.fr, 'nonNegative');
  return s.fc + s.af + s.fr;
}

function requireSource(source: PaymentSource | undefined): PaymentSource {
  const s = source ?? 'BANK';
  if (s !== 'BANK' && s !== 'MEMBER_BALANCES_PAYABLE')
    throw new ValidationError('paidFrom', 'must be BANK or MEMBER_BALANCES_PAYABLE');
  return s;
}

/** The administrator's side of an admin-fee amount owed by the group: Dr RECEIVABLE_FROM_GROUPS / Cr `revenue`. */
function administratorReceivable(
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
