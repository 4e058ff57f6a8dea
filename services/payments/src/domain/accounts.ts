/**
 * The charts of accounts of the two books (domain.md §13): one book per group — the group is a separate patrimony
 * (Law art. 3 §3–4) — and one for the administrator. Account names are unique across both books, so a name alone
 * tells the book. The normal side decides the sign of a balance: a debit-normal account's balance is Σ debit − Σ
 * credit, a credit-normal one's Σ credit − Σ debit.
 */

/** Which book an entry is posted to. */
export type LedgerBook = 'GROUP' | 'ADMINISTRATOR';

/** Both books. */
export const LEDGER_BOOKS: readonly LedgerBook[] = ['GROUP', 'ADMINISTRATOR'];

/** The side on which an account's balance normally sits (assets: debit; liabilities, funds and revenue: credit). */
export type NormalSide = 'DEBIT' | 'CREDIT';

/** What an account's sub-ledger is kept by, when it has one (the `subledger` key of a journal line). */
export type SubledgerKind = 'INSTALLMENT' | 'CREDIT_LETTER' | 'QUOTA_RECORD' | 'GROUP';

/** The accounts of a group's book (§13.1). */
export type GroupAccount =
  | 'BANK'
  | 'INSTALLMENTS_RECEIVABLE'
  | 'COMMON_FUND'
  | 'RESERVE_FUND'
  | 'BILLED_CONTRIBUTIONS'
  | 'CREDITS_PAYABLE'
  | 'REFUNDS_PAYABLE'
  | 'ADMIN_FEE_PAYABLE'
  | 'ADMIN_LATE_FEES_PAYABLE'
  | 'INSURANCE_PAYABLE'
  | 'MEMBER_BALANCES_PAYABLE';

/** The accounts of the administrator's book (§13.2). */
export type AdministratorAccount =
  | 'BANK_ADMIN'
  | 'RECEIVABLE_FROM_GROUPS'
  | 'ADMIN_FEE_ADVANCES'
  | 'ADMIN_FEE_REVENUE'
  | 'LATE_FEE_REVENUE'
  | 'TRANSFER_FEE_REVENUE'
  | 'PERMANENCE_FEE_REVENUE';

/** Any account of either book. */
export type LedgerAccount = GroupAccount | AdministratorAccount;

/** One account of a chart. */
export interface AccountDefinition<A extends LedgerAccount = LedgerAccount> {
  /** The chart's numeric code (codes repeat across the two books; names do not). */
  readonly code: number;
  readonly account: A;
  readonly book: LedgerBook;
  readonly normalSide: NormalSide;
  /** What the account's sub-ledger is kept by; null when it has none (a line on it carries no `subledger`). */
  readonly subledger: SubledgerKind | null;
  readonly description: string;
}

/** The group's chart of accounts (§13.1), in code order. Invariant: BANK + INSTALLMENTS_RECEIVABLE = Σ credit accounts. */
export const GROUP_CHART: readonly AccountDefinition<GroupAccount>[] = [
  {
    code: 1000,
    account: 'BANK',
    book: 'GROUP',
    normalSide: 'DEBIT',
    subledger: null,
    description: 'cash and investments of the group',
  },
  {
    code: 1100,
    account: 'INSTALLMENTS_RECEIVABLE',
    book: 'GROUP',
    normalSide: 'DEBIT',
    subledger: 'INSTALLMENT',
    description: 'installments billed and not yet paid',
  },
  {
    code: 2000,
    account: 'COMMON_FUND',
    book: 'GROUP',
    normalSide: 'CREDIT',
    subledger: null,
    description: 'fundo comum: pays credits and refunds; the available funds of an assembly',
  },
  {
    code: 2100,
    account: 'RESERVE_FUND',
    book: 'GROUP',
    normalSide: 'CREDIT',
    subledger: null,
    description: 'fundo de reserva',
  },
  {
    code: 2200,
    account: 'BILLED_CONTRIBUTIONS',
    book: 'GROUP',
    normalSide: 'CREDIT',
    subledger: 'INSTALLMENT',
    description: 'contributions billed, not yet received',
  },
  {
    code: 2300,
    account: 'CREDITS_PAYABLE',
    book: 'GROUP',
    normalSide: 'CREDIT',
    subledger: 'CREDIT_LETTER',
    description: 'credit letters issued and not yet released',
  },
  {
    code: 2400,
    account: 'REFUNDS_PAYABLE',
    book: 'GROUP',
    normalSide: 'CREDIT',
    subledger: 'QUOTA_RECORD',
    description: 'refunds awarded to excluded records, not yet paid',
  },
  {
    code: 2500,
    account: 'ADMIN_FEE_PAYABLE',
    book: 'GROUP',
    normalSide: 'CREDIT',
    subledger: null,
    description: 'admin fee due to the administrator',
  },
  {
    code: 2510,
    account: 'ADMIN_LATE_FEES_PAYABLE',
    book: 'GROUP',
    normalSide: 'CREDIT',
    subledger: null,
    description: "the administrator's share of late fees, due to it",
  },
  {
    code: 2600,
    account: 'INSURANCE_PAYABLE',
    book: 'GROUP',
    normalSide: 'CREDIT',
    subledger: null,
    description: 'insurance premiums due to the insurer',
  },
  {
    code: 2700,
    account: 'MEMBER_BALANCES_PAYABLE',
    book: 'GROUP',
    normalSide: 'CREDIT',
    subledger: 'QUOTA_RECORD',
    description: 'closing distributions and unclaimed balances',
  },
];

/** The administrator's chart of accounts (§13.2), in code order. */
export const ADMINISTRATOR_CHART: readonly AccountDefinition<AdministratorAccount>[] = [
  {
    code: 1000,
    account: 'BANK_ADMIN',
    book: 'ADMINISTRATOR',
    normalSide: 'DEBIT',
    subledger: null,
    description: "the administrator's cash",
  },
  {
    code: 1100,
    account: 'RECEIVABLE_FROM_GROUPS',
    book: 'ADMINISTRATOR',
    normalSide: 'DEBIT',
    subledger: 'GROUP',
    description: 'admin fee and late-fee shares the groups owe (by group: the group the entry concerns)',
  },
  {
    code: 2000,
    account: 'ADMIN_FEE_ADVANCES',
    book: 'ADMINISTRATOR',
    normalSide: 'CREDIT',
    subledger: null,
    description: 'upfront admin fees received before the group is constituted',
  },
  {
    code: 4000,
    account: 'ADMIN_FEE_REVENUE',
    book: 'ADMINISTRATOR',
    normalSide: 'CREDIT',
    subledger: null,
    description: "admin fee, recognised when the member's money reaches the group (D-21)",
  },
  {
    code: 4100,
    account: 'LATE_FEE_REVENUE',
    book: 'ADMINISTRATOR',
    normalSide: 'CREDIT',
    subledger: null,
    description: "the administrator's share of late fees",
  },
  {
    code: 4200,
    account: 'TRANSFER_FEE_REVENUE',
    book: 'ADMINISTRATOR',
    normalSide: 'CREDIT',
    subledger: null,
    description: 'transfer fees paid by transferees',
  },
  {
    code: 4300,
    account: 'PERMANENCE_FEE_REVENUE',
    book: 'ADMINISTRATOR',
    normalSide: 'CREDIT',
    subledger: null,
    description: 'permanence fee on unclaimed balances after closing',
  },
];

const CHART_BY_ACCOUNT: ReadonlyMap<string, AccountDefinition> = new Map(
  [...GROUP_CHART, ...ADMINISTRATOR_CHART].map((d): [string, AccountDefinition] => [d.account, d]),
);

/** The chart of a book. */
export function chartOf(book: LedgerBook): readonly AccountDefinition[] {
  return book === 'GROUP' ? GROUP_CHART : ADMINISTRATOR_CHART;
}

/** The definition of an account of either book; undefined when no chart has that name. */
export function accountDefinition(account: string): AccountDefinition | undefined {
  return CHART_BY_ACCOUNT.get(account);
}

/** True when `account` is an account of `book`'s chart. */
export function isAccountOf(book: LedgerBook, account: string): account is LedgerAccount {
  return CHART_BY_ACCOUNT.get(account)?.book === book;
}

/** The normal side of an account of either book. */
export function normalSideOf(account: LedgerAccount): NormalSide {
  const def = CHART_BY_ACCOUNT.get(account);
  if (def === undefined) throw new TypeError(`unknown account ${String(account)}`);
  return def.normalSide;
}

/**
 * The kinds of bucket that share the group's monthly investment income (§12), in the fixed key order of the
 * allocation: the common fund, the reserve fund, each credit letter's balance (by letter id), each awarded refund
 * (by record), each closing balance payable (by record).
 */
export type IncomeBucketKind = 'COMMON_FUND' | 'RESERVE_FUND' | 'CREDIT_LETTER' | 'AWARDED_REFUND' | 'CLOSING_BALANCE';

/** §12's bucket order; an allocation key starts with the bucket kind's index in this list. */
export const INCOME_BUCKET_ORDER: readonly IncomeBucketKind[] = [
  'COMMON_FUND',
  'RESERVE_FUND',
  'CREDIT_LETTER',
  'AWARDED_REFUND',
  'CLOSING_BALANCE',
];

/** The group account whose balance is a bucket of that kind, and which its income share is credited to (E10). */
export const INCOME_BUCKET_ACCOUNT: Readonly<Record<IncomeBucketKind, GroupAccount>> = {
  COMMON_FUND: 'COMMON_FUND',
  RESERVE_FUND: 'RESERVE_FUND',
  CREDIT_LETTER: 'CREDITS_PAYABLE',
  AWARDED_REFUND: 'REFUNDS_PAYABLE',
  CLOSING_BALANCE: 'MEMBER_BALANCES_PAYABLE',
};
