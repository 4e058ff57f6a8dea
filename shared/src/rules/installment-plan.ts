import { RuleViolation, ValidationError } from '../errors';
import { PCT_SCALE, applyPct, floorDiv } from '../money';
import type { Pcts3 } from './pcts';

/**
 * A record's plan of installments, as payments bills it and as the adhesion contract (documents) announces it.
 * Per component with total `t` over `n` installments: `per = floorDiv(t, n)` for installments 1..n−1 and
 * `last = t − (n − 1) × per` for installment n, so the percentages are truncated to 4 decimals and the last one
 * absorbs the residue (D-10): never negative, and the percentages of a schedule always add up to its totals exactly.
 * The percentages, not the centavos, are the member's obligation (Law art. 27 §1); each is valued at the credit value
 * C on its own, `applyPct(C, pct)` half-up (D-11). Pure.
 */

/** Shortest and longest term of a group. */
export const MIN_TERM_MONTHS = 6;
export const MAX_TERM_MONTHS = 240;

const ZERO: Pcts3 = { fc: 0n, af: 0n, fr: 0n };

/** The rates of a group's plan that decide a record's schedule. */
export interface PlanRates {
  /** The whole admin fee, e.g. 180_000n (18 %). */
  readonly adminFeeTotalPct: bigint;
  /** The part of the admin fee paid at enrollment (Law art. 27 §3); 0 when none. At most adminFeeTotalPct. */
  readonly adminFeeUpfrontPct: bigint;
  /** The reserve fund; may be 0. */
  readonly reserveFundTotalPct: bigint;
}

/**
 * A record's schedule of percentages: `count` installments, installments 1..count−1 carry
 * `regular`, installment `count` carries `last` (which absorbs the truncation residue, D-10). Installment `i` of
 * the schedule falls in period `firstPeriod + i − 1`. A schedule is rebuilt after every amortization, so its
 * installment 1 is the first installment not yet paid when it was built. `count` 0 means nothing is left to pay.
 */
export interface Schedule {
  /** Period of the schedule's installment 1 (1 for founders, k + 1 for a record sold after k assemblies). */
  readonly firstPeriod: number;
  /** Number of installments, ≥ 0. */
  readonly count: number;
  /** Percentages of installments 1..count−1. */
  readonly regular: Pcts3;
  /** Percentages of installment `count` (equal to `regular` plus the residue). */
  readonly last: Pcts3;
}

function requirePct(value: bigint, field: string, max: bigint = PCT_SCALE): void {
  if (value < 0n || value > max) throw new ValidationError(field, `must be between 0 and ${max} pct units`);
}

function requireCreditValue(creditValue: bigint): void {
  if (creditValue <= 0n) throw new ValidationError('credit_value_centavos', 'must be > 0');
}

/**
 * What a record pays of each component over its whole plan: FC 100 %; AF the admin fee minus the part paid
 * upfront at enrollment (Law art. 27 §3); FR the reserve fund.
 * @throws ValidationError on `admin_fee_total_pct`, `admin_fee_upfront_pct` (0..total) or `reserve_fund_total_pct`.
 */
export function planTotals(rates: PlanRates): Pcts3 {
  requirePct(rates.adminFeeTotalPct, 'admin_fee_total_pct');
  requirePct(rates.adminFeeUpfrontPct, 'admin_fee_upfront_pct', rates.adminFeeTotalPct);
  requirePct(rates.reserveFundTotalPct, 'reserve_fund_total_pct');
  return {
    fc: PCT_SCALE,
    af: rates.adminFeeTotalPct - rates.adminFeeUpfrontPct,
    fr: rates.reserveFundTotalPct,
  };
}

/**
 * Spreads `totals` over `count` installments (truncate, the last takes the residue), the first of them in
 * `firstPeriod`. Used for a new record (the plan's totals) and to rebuild a schedule after an amortization (the
 * remaining percentages and the remaining count). `count` is 0 exactly when nothing remains (every total 0).
 * @throws ValidationError on `totals` (a negative percentage), `count` or `first_period`.
 */
export function buildSchedule(totals: Pcts3, count: number, firstPeriod = 1): Schedule {
  if (totals.fc < 0n || totals.af < 0n || totals.fr < 0n) throw new ValidationError('totals', 'must not be negative');
  if (!Number.isInteger(firstPeriod) || firstPeriod < 1) throw new ValidationError('first_period', 'must be ≥ 1');
  if (!Number.isInteger(count) || count < 0) throw new ValidationError('count', 'must be a whole number ≥ 0');
  if (count === 0) {
    if (totals.fc + totals.af + totals.fr !== 0n)
      throw new ValidationError('count', 'must be ≥ 1 while a percentage remains');
    return { firstPeriod, count: 0, regular: ZERO, last: ZERO };
  }
  const n = BigInt(count);
  const per = (t: bigint): bigint => floorDiv(t, n);
  const regular = { fc: per(totals.fc), af: per(totals.af), fr: per(totals.fr) };
  const last = {
    fc: totals.fc - (n - 1n) * regular.fc,
    af: totals.af - (n - 1n) * regular.af,
    fr: totals.fr - (n - 1n) * regular.fr,
  };
  return { firstPeriod, count, regular, last };
}

/**
 * The schedule of a record sold after `assembliesHeld` = k assemblies: founders (k = 0) pay n = T installments from
 * period 1; a later member pays n = T − k from period k + 1, the whole plan spread over them (BR contract art. 11 I a).
 * A replacement quota — the resale of an excluded seat — is planned the same way.
 * @throws ValidationError on `term_months` (6..240), `assemblies_held` or the plan rates;
 *   RuleViolation `no_installments_left` when k ≥ T.
 */
export function enrollmentSchedule(input: { rates: PlanRates; termMonths: number; assembliesHeld: number }): Schedule {
  const { rates, termMonths, assembliesHeld } = input;
  if (!Number.isInteger(termMonths) || termMonths < MIN_TERM_MONTHS || termMonths > MAX_TERM_MONTHS)
    throw new ValidationError(
      'term_months',
      `must be a whole number between ${MIN_TERM_MONTHS} and ${MAX_TERM_MONTHS}`,
    );
  if (!Number.isInteger(assembliesHeld) || assembliesHeld < 0)
    throw new ValidationError('assemblies_held', 'must be a whole number ≥ 0');
  if (assembliesHeld >= termMonths)
    throw new RuleViolation(
      'no_installments_left',
      `${assembliesHeld} of ${termMonths} assemblies held: a record sold now would have no installment to pay`,
    );
  return buildSchedule(planTotals(rates), termMonths - assembliesHeld, assembliesHeld + 1);
}

/**
 * The percentages of installment `i` (1-based) of the schedule.
 * @throws ValidationError on `installment` outside 1..count.
 */
export function installmentPcts(schedule: Schedule, i: number): Pcts3 {
  if (!Number.isInteger(i) || i < 1 || i > schedule.count)
    throw new ValidationError('installment', `must be between 1 and ${schedule.count}`);
  return i === schedule.count ? schedule.last : schedule.regular;
}

/**
 * The centavos of an installment's percentages at credit value `creditValue`: each component `applyPct(C, pct)`,
 * rounded on its own (D-11, no centavo fix-up on the last installment). Insurance and extra lines aside.
 * @throws ValidationError on `credit_value_centavos` (≤ 0) or `pcts` (negative).
 */
export function valuePcts(creditValue: bigint, pcts: Pcts3): Pcts3 {
  requireCreditValue(creditValue);
  if (pcts.fc < 0n || pcts.af < 0n || pcts.fr < 0n) throw new ValidationError('pcts', 'must not be negative');
  return {
    fc: applyPct(creditValue, pcts.fc),
    af: applyPct(creditValue, pcts.af),
    fr: applyPct(creditValue, pcts.fr),
  };
}

/**
 * The upfront admin fee paid at enrollment to the administrator (Law art. 27 §3): `applyPct(C_1, adminFeeUpfrontPct)`.
 * The spread admin fee is reduced by the same percentage (see `planTotals`).
 * @throws ValidationError on `credit_value_centavos` (≤ 0) or `admin_fee_upfront_pct` (outside 0..100 %).
 */
export function upfrontAdminFee(creditValue: bigint, adminFeeUpfrontPct: bigint): bigint {
  requireCreditValue(creditValue);
  requirePct(adminFeeUpfrontPct, 'admin_fee_upfront_pct');
  return applyPct(creditValue, adminFeeUpfrontPct);
}
