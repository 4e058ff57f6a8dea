import { ValidationError } from '@consorcio/shared/errors';
import { allocate, compareKeys, type KeyPart } from '@consorcio/shared/money';
import { INCOME_BUCKET_ACCOUNT, INCOME_BUCKET_ORDER, type GroupAccount, type IncomeBucketKind } from './accounts';
import type { IncomeCredit } from './journal-entries';
import {
  type LedgerRecordRef,
  compareRecords,
  recordSubledger,
  requireCentavos,
  requireDistinctRecords,
  requireId,
} from './ledger-records';

/**
 * The monthly investment income of a group (domain.md §12; Law art. 25 sole §): the net income the bank actually
 * credited, I, belongs to the funds and to what the group holds for its members. It is split with
 * `allocate(I, balances, keys)` over the buckets in §12's fixed order — COMMON_FUND, RESERVE_FUND, each credit
 * letter's balance (by letter id), each awarded refund (by record), each closing balance payable (by record) — using
 * the balances at the end of the month before the income is posted.
 */

/** One bucket of the allocation. */
export type IncomeBucket =
  | { readonly kind: 'COMMON_FUND' }
  | { readonly kind: 'RESERVE_FUND' }
  | { readonly kind: 'CREDIT_LETTER'; readonly letterId: string }
  | { readonly kind: 'AWARDED_REFUND'; readonly record: LedgerRecordRef }
  | { readonly kind: 'CLOSING_BALANCE'; readonly record: LedgerRecordRef };

/** The balances that earn income, at the end of the month before it is posted. */
export interface IncomeBalances {
  readonly commonFund: bigint;
  readonly reserveFund: bigint;
  /** Credit letters not fully released, with their CREDITS_PAYABLE balance (credit + yield so far). */
  readonly creditLetters?: readonly { readonly letterId: string; readonly balance: bigint }[];
  /** Refunds awarded and not yet paid, with their REFUNDS_PAYABLE balance. */
  readonly awardedRefunds?: readonly (LedgerRecordRef & { readonly balance: bigint })[];
  /** Closing balances not yet collected, with their MEMBER_BALANCES_PAYABLE balance. */
  readonly closingBalances?: readonly (LedgerRecordRef & { readonly balance: bigint })[];
}

/** One bucket's share: the account and sub-ledger key it is credited to (E10), the balance it earned on, its share. */
export interface IncomeShare extends IncomeCredit {
  readonly bucket: IncomeBucket;
  readonly account: GroupAccount;
  readonly balance: bigint;
  readonly amount: bigint;
}

interface Bucket {
  bucket: IncomeBucket;
  subledger?: string;
  balance: bigint;
  key: KeyPart[];
}

const rank = (kind: IncomeBucketKind): number => INCOME_BUCKET_ORDER.indexOf(kind);

function recordBuckets(
  kind: 'AWARDED_REFUND' | 'CLOSING_BALANCE',
  field: string,
  list: readonly (LedgerRecordRef & { readonly balance: bigint })[],
): Bucket[] {
  requireDistinctRecords(field, list);
  return [...list]
    .map((r, i) => ({ r, i }))
    .sort((a, b) => compareRecords(a.r, b.r))
    .map(({ r, i }) => ({
      bucket: { kind, record: { number: r.number, version: r.version } },
      subledger: recordSubledger(r),
      balance: requireCentavos(`${field}[${i}].balance`, r.balance, 'signed'),
      key: [rank(kind), r.number, r.version],
    }));
}

/**
 * Allocates the month's income `income` (≥ 0) over the buckets of `balances`, returning every bucket's share in the
 * fixed order (letters by id, records by `(number, version)`); the shares sum to `income` and none is negative.
 * Example: I = 45 001 over COMMON_FUND 3 000 000, RESERVE_FUND 450 000, L1 6 000 000, L2 5 550 003 →
 * 9 000, 1 350, 18 001, 16 650.
 * Decisions: a bucket whose balance is ≤ 0 earns nothing (weight 0; a negative weight has no meaning); when no
 * bucket has a positive balance the whole income goes to COMMON_FUND, the fund that holds the group's cash.
 * @throws ValidationError on a negative income, a repeated letter or record, an empty letter id.
 */
export function allocateIncome(income: bigint, balances: IncomeBalances): IncomeShare[] {
  requireCentavos('income', income, 'nonNegative');
  const letters = balances.creditLetters ?? [];
  const seen = new Set<string>();
  letters.forEach((l, i) => {
    requireId(`creditLetters[${i}].letterId`, l.letterId);
    if (seen.has(l.letterId)) throw new ValidationError(`creditLetters[${i}]`, `letter ${l.letterId} is listed twice`);
    seen.add(l.letterId);
  });
  const buckets: Bucket[] = [
    {
      bucket: { kind: 'COMMON_FUND' },
      balance: requireCentavos('commonFund', balances.commonFund, 'signed'),
      key: [rank('COMMON_FUND')],
    },
    {
      bucket: { kind: 'RESERVE_FUND' },
      balance: requireCentavos('reserveFund', balances.reserveFund, 'signed'),
      key: [rank('RESERVE_FUND')],
    },
    ...[...letters]
      .map((l, i) => ({ l, i }))
      .sort((a, b) => compareKeys([a.l.letterId], [b.l.letterId]))
      .map(({ l, i }) => ({
        bucket: { kind: 'CREDIT_LETTER' as const, letterId: l.letterId },
        subledger: l.letterId,
        balance: requireCentavos(`creditLetters[${i}].balance`, l.balance, 'signed'),
        key: [rank('CREDIT_LETTER'), l.letterId],
      })),
    ...recordBuckets('AWARDED_REFUND', 'awardedRefunds', balances.awardedRefunds ?? []),
    ...recordBuckets('CLOSING_BALANCE', 'closingBalances', balances.closingBalances ?? []),
  ];
  const weights = buckets.map((b) => (b.balance > 0n ? b.balance : 0n));
  const amounts = weights.some((w) => w > 0n)
    ? allocate(
        income,
        weights,
        buckets.map((b) => b.key),
      )
    : buckets.map((_, i) => (i === 0 ? income : 0n));
  return buckets.map((b, i) => {
    const share = {
      bucket: b.bucket,
      account: INCOME_BUCKET_ACCOUNT[b.bucket.kind],
      balance: b.balance,
      amount: amounts[i] as bigint,
    };
    return b.subledger === undefined ? share : { ...share, subledger: b.subledger };
  });
}
