import { ValidationError } from '@consorcio/shared/errors';
import { enrollmentSchedule } from '@consorcio/shared/rules';
import { type ComponentPcts, type PlanRates, type Schedule, ZERO_PCTS } from './types';

/**
 * A record's schedule of percentages: how it is built (truncate, the last installment absorbs the residue, D-10) is
 * the shared rule `@consorcio/shared/rules` `installment-plan.ts`, which the adhesion contract (documents) states too;
 * here, what payments reads from a schedule.
 */
export { MAX_TERM_MONTHS, MIN_TERM_MONTHS, buildSchedule, installmentPcts, planTotals } from '@consorcio/shared/rules';

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

/** A new quota record's starting point: its schedule and what it has paid (nothing). */
export interface EnrollmentPlan {
  readonly schedule: Schedule;
  /** Always 0 %: a replacement quota does not inherit the excluded record's payments (D-08). */
  readonly paid: ComponentPcts;
}

/**
 * The starting point of a record sold after `assembliesHeld` assemblies: the shared `enrollmentSchedule` (founders
 * pay T installments from period 1, a later member T − k from period k + 1), nothing paid yet.
 * @throws ValidationError on `term_months` (6..240), `assemblies_held` or the plan rates;
 *   RuleViolation `no_installments_left` when k ≥ T.
 */
export function enrollmentPlan(input: {
  rates: PlanRates;
  termMonths: number;
  assembliesHeld: number;
}): EnrollmentPlan {
  return { schedule: enrollmentSchedule(input), paid: ZERO_PCTS };
}

function requireIndex(schedule: Schedule, i: number): void {
  if (!Number.isInteger(i) || i < 1 || i > schedule.count)
    throw new ValidationError('installment', `must be between 1 and ${schedule.count}`);
}

function requirePaidCount(schedule: Schedule, paidCount: number): void {
  if (!Number.isInteger(paidCount) || paidCount < 0 || paidCount > schedule.count)
    throw new ValidationError('paid_count', `must be between 0 and ${schedule.count}`);
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
