import { ValidationError } from '@consorcio/shared/errors';
import { PCT_SCALE } from '@consorcio/shared/money';

/**
 * What the money side of payments (books, refunds, income, revaluation, closing) needs to know about quota records,
 * and the input checks its pure functions share. Money is bigint centavos, percentages bigint pct units.
 */

/** A quota record `(number, version)` as the books see it: a seat and which sale of it (domain.md §3.1). */
export interface LedgerRecordRef {
  readonly number: number;
  readonly version: number;
}

/** A quota record's status, as the groups service names it (proto enum names without their prefix). */
export type LedgerRecordStatus =
  | 'AVAILABLE'
  | 'ENROLLED'
  | 'ACTIVE'
  | 'DELINQUENT'
  | 'CONTEMPLATED'
  | 'CONTEMPLATED_DELINQUENT'
  | 'SETTLED'
  | 'EXCLUDED'
  | 'REFUND_AWARDED'
  | 'REFUNDED'
  | 'WITHDRAWN'
  | 'CLOSED';

/** Every record status the money side accepts. */
export const LEDGER_RECORD_STATUSES: readonly LedgerRecordStatus[] = [
  'AVAILABLE',
  'ENROLLED',
  'ACTIVE',
  'DELINQUENT',
  'CONTEMPLATED',
  'CONTEMPLATED_DELINQUENT',
  'SETTLED',
  'EXCLUDED',
  'REFUND_AWARDED',
  'REFUNDED',
  'WITHDRAWN',
  'CLOSED',
];

/**
 * The sub-ledger key of a quota record in the books (REFUNDS_PAYABLE, MEMBER_BALANCES_PAYABLE): `"number-version"`,
 * unpadded, so it does not depend on the group's N. `recordSubledger({ number: 120, version: 1 })` → `"120-1"`.
 */
export function recordSubledger(record: LedgerRecordRef): string {
  return `${record.number}-${record.version}`;
}

/** Orders records by ascending `(number, version)`, the key order every allocation over records uses. */
export function compareRecords(a: LedgerRecordRef, b: LedgerRecordRef): number {
  return a.number !== b.number ? a.number - b.number : a.version - b.version;
}

/** The allocation key of a record: `[number, version]` (domain.md §0). */
export function recordKey(record: LedgerRecordRef): [number, number] {
  return [record.number, record.version];
}

/** @throws ValidationError unless `x` is a bigint ≥ 0 (`'positive'`: > 0; `'signed'`: any bigint). */
export function requireCentavos(field: string, x: unknown, rule: 'nonNegative' | 'positive' | 'signed'): bigint {
  if (typeof x !== 'bigint') throw new ValidationError(field, 'must be a bigint amount in centavos');
  if (rule === 'positive' && x <= 0n) throw new ValidationError(field, `must be > 0 (got ${x})`);
  if (rule === 'nonNegative' && x < 0n) throw new ValidationError(field, `must be >= 0 (got ${x})`);
  return x;
}

/** @throws ValidationError unless `x` is a percentage in pct units between 0 and 100 % (1_000_000). */
export function requirePct(field: string, x: unknown): bigint {
  if (typeof x !== 'bigint') throw new ValidationError(field, 'must be a bigint percentage in pct units');
  if (x < 0n || x > PCT_SCALE) throw new ValidationError(field, `must be between 0 and ${PCT_SCALE} (got ${x})`);
  return x;
}

/** @throws ValidationError unless `record` has a positive integer number and version. */
export function requireRecord(field: string, record: LedgerRecordRef): void {
  if (!Number.isSafeInteger(record.number) || record.number < 1)
    throw new ValidationError(`${field}.number`, 'must be a positive integer');
  if (!Number.isSafeInteger(record.version) || record.version < 1)
    throw new ValidationError(`${field}.version`, 'must be a positive integer');
}

/** @throws ValidationError when two records of `records` are the same `(number, version)`. */
export function requireDistinctRecords(field: string, records: readonly LedgerRecordRef[]): void {
  const seen = new Set<string>();
  records.forEach((r, i) => {
    requireRecord(`${field}[${i}]`, r);
    const key = recordSubledger(r);
    if (seen.has(key)) throw new ValidationError(`${field}[${i}]`, `record ${key} is listed twice`);
    seen.add(key);
  });
}

/** @throws ValidationError unless `s` is a non-empty string (an id: letter, installment). */
export function requireId(field: string, s: unknown): string {
  if (typeof s !== 'string' || s.length === 0) throw new ValidationError(field, 'must be a non-empty string');
  return s;
}
