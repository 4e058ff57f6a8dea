import { ValidationError } from '@consorcio/shared/errors';
import { allocate, roundHalfUp, PCT_SCALE } from '@consorcio/shared/money';
import {
  type LedgerRecordRef,
  type LedgerRecordStatus,
  compareRecords,
  recordKey,
  requireCentavos,
  requireDistinctRecords,
} from './ledger-records';

/**
 * The fund revaluation (reajuste de saldo de caixa, domain.md §10.3): after the credit value is adjusted by an index
 * variation, the money the common fund carries was collected at the old C; the charge D = roundHalfUp(COMMON_FUND ×
 * idx, 1_000_000) restores its purchasing power. The reserve covers what it can of a positive D (E14); the rest is
 * apportioned equally among the billing records (D-20) and billed as the line `fundRevaluation` on installment p.
 * A negative D is returned the same way, as a negative line.
 */

/** Statuses of the records that are billed, and so share a revaluation (§4.5, §10.3). */
export const REVALUATION_BILLING_STATUSES: readonly LedgerRecordStatus[] = [
  'ACTIVE',
  'DELINQUENT',
  'CONTEMPLATED',
  'CONTEMPLATED_DELINQUENT',
];

/** A record as the revaluation sees it. */
export interface RevaluationRecord extends LedgerRecordRef {
  readonly status: LedgerRecordStatus;
  /** Installments the record still has to pay; a record with none is not billed. */
  readonly installmentsRemaining: number;
}

/** The outcome of a fund revaluation. */
export interface FundRevaluation {
  /** D, signed: 0 when the common fund's balance is ≤ 0. */
  readonly charge: bigint;
  /** The part of a positive D the reserve covers, min(D, RESERVE_FUND): posted as E14. 0 when D ≤ 0. */
  readonly reserveCover: bigint;
  /** D' = D − reserveCover, signed: what the billing records share. */
  readonly apportioned: bigint;
  /** Each billing record's `fundRevaluation` line, ascending by (number, version); the amounts sum to D'. */
  readonly shares: readonly (LedgerRecordRef & { readonly amount: bigint })[];
  /** D' left unapportioned because no record is billed (0 otherwise). */
  readonly unapportioned: bigint;
}

/**
 * Computes the revaluation from the common-fund balance right after assembly p − 1 closed, the reserve fund, the
 * index variation `idx` (signed pct units) and the group's records (only the billing ones — ACTIVE, DELINQUENT,
 * CONTEMPLATED, CONTEMPLATED_DELINQUENT with ≥ 1 installment remaining — share it). D' is split equally (D-20):
 * `allocate` with equal weights gives each D' div count and the first D' mod count records in ascending
 * (number, version) one centavo more; a negative D' is apportioned as |D'| and each share negated.
 * Example: COMMON_FUND 21 345 678, RESERVE_FUND 600 000, idx 4.5678 %, 287 billing records → D 975 028, reserve
 * 600 000, D' 375 028: 1 306 each, the first 206 records 1 307.
 * Decision: with no billing record, D' is reported as `unapportioned` and nobody is charged.
 * @throws ValidationError on a non-bigint amount, a bad or repeated record, or a negative installmentsRemaining.
 */
export function revalueFund(input: {
  commonFund: bigint;
  reserveFund: bigint;
  indexVariationPct: bigint;
  records: readonly RevaluationRecord[];
}): FundRevaluation {
  const commonFund = requireCentavos('commonFund', input.commonFund, 'signed');
  const reserveFund = requireCentavos('reserveFund', input.reserveFund, 'signed');
  if (typeof input.indexVariationPct !== 'bigint')
    throw new ValidationError('indexVariationPct', 'must be a bigint in pct units');
  requireDistinctRecords('records', input.records);
  input.records.forEach((r, i) => {
    if (!Number.isSafeInteger(r.installmentsRemaining) || r.installmentsRemaining < 0)
      throw new ValidationError(`records[${i}].installmentsRemaining`, 'must be an integer >= 0');
  });

  const charge = commonFund > 0n ? roundHalfUp(commonFund * input.indexVariationPct, PCT_SCALE) : 0n;
  const available = reserveFund > 0n ? reserveFund : 0n;
  const reserveCover = charge > 0n ? (charge < available ? charge : available) : 0n;
  const apportioned = charge - reserveCover;

  const billing = input.records
    .filter((r) => REVALUATION_BILLING_STATUSES.includes(r.status) && r.installmentsRemaining >= 1)
    .map((r) => ({ number: r.number, version: r.version }))
    .sort(compareRecords);
  if (billing.length === 0) return { charge, reserveCover, apportioned, shares: [], unapportioned: apportioned };

  const magnitude = apportioned < 0n ? -apportioned : apportioned;
  const split = allocate(
    magnitude,
    billing.map(() => 1n),
    billing.map(recordKey),
  );
  const shares = billing.map((r, i) => {
    const amount = split[i] as bigint;
    return { ...r, amount: apportioned < 0n ? -amount : amount };
  });
  return { charge, reserveCover, apportioned, shares, unapportioned: 0n };
}
