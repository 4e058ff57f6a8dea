import { RuleViolation, ValidationError } from '@consorcio/shared/errors';
import { PCT_SCALE, floorDiv } from '@consorcio/shared/money';
import { type ComponentPcts, type PlanRates, type Schedule, ZERO_PCTS } from './types';

/**
 * A record's schedule of percentages. Per component with total `t` over `n` installments:
 * `per = floorDiv(t, n)` for installments 1..n−1 and `last = t − (n − 1) × per` for installment n, so the
 * percentages are truncated to 4 decimals and the last one absorbs the residue (D-10): never negative, and the
 * percentages of a schedule always add up to its totals exactly. The percentages, not the centavos, are the member's
 * obligation (Law art. 27 §1).
 */

/** Shortest and longest term of a group. */
export const MIN_TERM_MONTHS = 6;
export const MAX_TERM_MONTHS = 240;

/** fc + af + fr. */
export function sumPcts(p: ComponentPcts): bigint {
  return p.fc + p.af + p.fr;
}

/** a + b, per component. */
export function addPcts(a: ComponentPcts, b: ComponentPcts): ComponentPcts {
  return { fc: a.fc + b.fc, af: a.af + b.af, fr: a.fr + b.fr };
}

/** `p` multiplied by a whole number of installments. */
function timesPcts(p: ComponentPcts, k: number): ComponentPcts {
  const m = BigInt(k);
  return { fc: p.fc * m, af: p.af * m, fr: p.fr * m };
}

function requirePct(value: bigint, field: string, max: bigint = PCT_SCALE): void {
  if (value < 0n || value > max) throw new ValidationError(field, `must be between 0 and ${max} pct units`);
}

/**
 * What a record pays of each component over its whole plan: FC 100 %; AF the admin fee minus the part paid
 * upfront at enrollment (Law art. 27 §3); FR the reserve fund.
 * @throws ValidationError on `admin_fee_total_pct`, `admin_fee_upfront_pct` (0..total) or `reserve_fund_total_pct`.
 */
export function planTotals(rates: PlanRates): ComponentPcts {
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
 * Spreads `totals` over `count` installments by the two formulas above (truncate, last takes the residue), the first of them in `firstPeriod`.
 * Used for a new record (the plan's totals) and to rebuild a schedule after an amortization (the remaining
 * percentages and the remaining count). `count` is 0 exactly when nothing remains (every total 0).
 * @throws ValidationError on `totals` (a negative percentage), `count` or `first_period`.
 */
export function buildSchedule(totals: ComponentPcts, count: number, firstPeriod = 1): Schedule {
  if (totals.fc < 0n || totals.af < 0n || totals.fr < 0n) throw new ValidationError('totals', 'must not be negative');
  if (!Number.isInteger(firstPeriod) || firstPeriod < 1) throw new ValidationError('first_period', 'must be ≥ 1');
  if (!Number.isInteger(count) || count < 0) throw new ValidationError('count', 'must be a whole number ≥ 0');
  if (count === 0) {
    if (sumPcts(totals) !== 0n) throw new ValidationError('count', 'must be ≥ 1 while a percentage remains');
    return { firstPeriod, count: 0, regular: ZERO_PCTS, last: ZERO_PCTS };
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

/** A new quota record's starting point: its schedule and what it has paid (nothing). */
export interface EnrollmentPlan {
  readonly schedule: Schedule;
  /** Always 0 %: a replacement quota does not inherit the excluded record's payments (D-08). */
  readonly paid: ComponentPcts;
}

/**
 * The schedule of a record sold after `assembliesHeld` = k assemblies: founders (k = 0) pay
 * n = T installments from period 1; a later member pays n = T − k from period k + 1, the whole plan spread over them
 * (BR contract art. 11 I a). A replacement quota — the resale of an excluded seat — is planned the same way and
 * starts at 0 % paid (D-08).
 * @throws ValidationError on `term_months` (6..240), `assemblies_held` or the plan rates;
 *   RuleViolation `no_installments_left` when k ≥ T.
 */
export function enrollmentPlan(input: {
  rates: PlanRates;
  termMonths: number;
  assembliesHeld: number;
}): EnrollmentPlan {
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
  const schedule = buildSchedule(planTotals(rates), termMonths - assembliesHeld, assembliesHeld + 1);
  return { schedule, paid: ZERO_PCTS };
}

function requireIndex(schedule: Schedule, i: number): void {
  if (!Number.isInteger(i) || i < 1 || i > schedule.count)
    throw new ValidationError('installment', `must be between 1 and ${schedule.count}`);
}

function requirePaidCount(schedule: Schedule, paidCount: number): void {
  if (!Number.isInteger(paidCount) || paidCount < 0 || paidCount > schedule.count)
    throw new ValidationError('paid_count', `must be between 0 and ${schedule.count}`);
}

/**
 * The percentages of installment `i` (1-based) of the schedule.
 * @throws ValidationError on `installment` outside 1..count.
 */
export function installmentPcts(schedule: Schedule, i: number): ComponentPcts {
  requireIndex(schedule, i);
  return i === schedule.count ? schedule.last : schedule.regular;
}

/** The group period of installment `i` of the schedule. */
export function periodOfInstallment(schedule: Schedule, i: number): number {
  requireIndex(schedule, i);
  return schedule.firstPeriod + i - 1;
}

/** The schedule's installment falling in `period`, or null when the schedule has none there. */
export function installmentAtPeriod(schedule: Schedule, period: number): number | null {
  const i = period - schedule.firstPeriod + 1;
  return Number.isInteger(i) && i >= 1 && i <= schedule.count ? i : null;
}

/**
 * What the first `paidCount` installments of the schedule add up to, per component (e.g. G-DEMO after 22
 * installments: FC 22 × 1.3888 % = 30.5536 %, the basis of an excluded member's refund).
 * @throws ValidationError on `paid_count` outside 0..count.
 */
export function paidPcts(schedule: Schedule, paidCount: number): ComponentPcts {
  requirePaidCount(schedule, paidCount);
  if (paidCount === schedule.count) return scheduleTotals(schedule);
  return timesPcts(schedule.regular, paidCount);
}

/**
 * What remains after the first `paidCount` installments, per component — `(fc_r, af_r, fr_r)` of a bid or a prepayment.
 * @throws ValidationError on `paid_count` outside 0..count.
 */
export function remainingPcts(schedule: Schedule, paidCount: number): ComponentPcts {
  requirePaidCount(schedule, paidCount);
  if (paidCount === schedule.count) return ZERO_PCTS;
  return addPcts(timesPcts(schedule.regular, schedule.count - paidCount - 1), schedule.last);
}

/** Every percentage of the schedule added up per component: the totals it was built from. */
export function scheduleTotals(schedule: Schedule): ComponentPcts {
  if (schedule.count === 0) return ZERO_PCTS;
  return addPcts(timesPcts(schedule.regular, schedule.count - 1), schedule.last);
}

/**
 * `Σ_c Σ_{j ≥ i} pct_c,j`: the record's balance, in pct units, before it pays installment `i` — the base of the
 * outstanding balance and of the insurance premium (D-12).
 * @throws ValidationError on `installment` outside 1..count.
 */
export function outstandingPctBefore(schedule: Schedule, i: number): bigint {
  requireIndex(schedule, i);
  return sumPcts(remainingPcts(schedule, i - 1));
}

/** Every installment's percentages, in order (installment 1 first): what a statement lists. */
export function expandSchedule(schedule: Schedule): ComponentPcts[] {
  return Array.from({ length: schedule.count }, (_, k) =>
    k + 1 === schedule.count ? schedule.last : schedule.regular,
  );
}
