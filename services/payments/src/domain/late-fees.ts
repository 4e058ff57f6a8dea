import { daysBetween, isValidDate, nextBusinessDay } from '@consorcio/shared/clock';
import { ValidationError } from '@consorcio/shared/errors';
import { PCT_SCALE, applyPct, floorDiv, roundHalfUp } from '@consorcio/shared/money';
import type { LateFeeRates, LateFees } from './types';

/**
 * Late fees of an installment: a fine charged once and simple interest pro rata die over 30 days,
 * both on the installment's total valued at the payment date, computed once at payment (no compounding), split
 * between the group and the administrator with the odd centavo to the group (D-03).
 */

/** Days in the month of the pro-rata-die interest. */
export const INTEREST_DAYS_PER_MONTH = 30n;

function requireDate(date: string, field: string): void {
  if (!isValidDate(date)) throw new ValidationError(field, 'must be a valid YYYY-MM-DD date');
}

/**
 * `nextBusinessDay(due)` over the injected bank-holiday set: a due date on a weekend or a holiday moves to the next
 * business day, and paying on that day is on time (contract art. 22 sole §). 2025-04-05 (Saturday) → 2025-04-07.
 * @throws ValidationError on `due_date`.
 */
export function effectiveDueDate(dueDate: string, holidays: ReadonlySet<string>): string {
  requireDate(dueDate, 'due_date');
  return nextBusinessDay(dueDate, holidays);
}

/**
 * Calendar days from the effective due date to the payment date, 0 when paid on or before it.
 * @throws ValidationError on `effective_due` or `payment_date`.
 */
export function daysLate(effectiveDue: string, paymentDate: string): number {
  requireDate(effectiveDue, 'effective_due');
  requireDate(paymentDate, 'payment_date');
  return Math.max(0, daysBetween(effectiveDue, paymentDate));
}

/**
 * Splits fees between the administrator and the group: `adminShare = floorDiv(fees × (100 % − groupSharePct), 100 %)`
 * and the group gets the rest, hence the odd centavo (D-03). 2 439 at 50 % → admin 1 219, group 1 220.
 * @throws ValidationError on `fees` (negative) or `late_fees_group_share_pct` (outside 0..100 %).
 */
export function lateFeeShares(fees: bigint, groupSharePct: bigint): { adminShare: bigint; groupShare: bigint } {
  if (fees < 0n) throw new ValidationError('fees', 'must not be negative');
  if (groupSharePct < 0n || groupSharePct > PCT_SCALE)
    throw new ValidationError('late_fees_group_share_pct', `must be between 0 and ${PCT_SCALE} pct units`);
  const adminShare = floorDiv(fees * (PCT_SCALE - groupSharePct), PCT_SCALE);
  return { adminShare, groupShare: fees - adminShare };
}

/**
 * The late fees of an installment whose total at the payment date is `base`, nominally due on `dueDate`:
 * `daysLate = max(0, paymentDate − nextBusinessDay(dueDate))`; `fine = daysLate > 0 ? applyPct(base, fine%) : 0`;
 * `interest = roundHalfUp(base × interest% × daysLate, 10⁶ × 30)`; shares by {@link lateFeeShares}.
 * Example: 103 071 due (effective) 2025-03-10, paid 2025-03-21 → 11 days, fine 2 061, interest 378, admin 1 219,
 * group 1 220.
 * @throws ValidationError on `base` (negative), `due_date`, `payment_date`, `late_fine_pct`,
 *   `late_interest_monthly_pct` or `late_fees_group_share_pct`.
 */
export function lateFees(input: {
  base: bigint;
  dueDate: string;
  paymentDate: string;
  holidays: ReadonlySet<string>;
  rates: LateFeeRates;
}): LateFees {
  const { base, rates } = input;
  if (base < 0n) throw new ValidationError('base', 'must not be negative');
  if (rates.lateFinePct < 0n || rates.lateFinePct > PCT_SCALE)
    throw new ValidationError('late_fine_pct', `must be between 0 and ${PCT_SCALE} pct units`);
  if (rates.lateInterestMonthlyPct < 0n || rates.lateInterestMonthlyPct > PCT_SCALE)
    throw new ValidationError('late_interest_monthly_pct', `must be between 0 and ${PCT_SCALE} pct units`);
  const effectiveDue = effectiveDueDate(input.dueDate, input.holidays);
  const days = daysLate(effectiveDue, input.paymentDate);
  const fine = days > 0 ? applyPct(base, rates.lateFinePct) : 0n;
  const interest = roundHalfUp(base * rates.lateInterestMonthlyPct * BigInt(days), PCT_SCALE * INTEREST_DAYS_PER_MONTH);
  const fees = fine + interest;
  const { adminShare, groupShare } = lateFeeShares(fees, rates.lateFeesGroupSharePct);
  return { effectiveDue, daysLate: days, fine, interest, fees, adminShare, groupShare };
}
