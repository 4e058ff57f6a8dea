import { RuleViolation, ValidationError } from '@consorcio/shared/errors';
import { type Split3, applyPct, floorDiv, split3 } from '@consorcio/shared/money';
import { addPcts, buildSchedule, installmentPcts, remainingPcts, sumPcts } from './schedule';
import { AMORTIZATION_MODES, type AmortizationMode, type ComponentPcts, type Schedule } from './types';

/**
 * Amortization by a bid, a prepayment (antecipação) or leftover credit: a percentage of C paid
 * ahead is split pro rata over the remaining FC, AF and FR (D-18, with `split3`), added to the record's paid
 * percentages, and the schedule is rebuilt from what remains (`buildSchedule`) — fewer installments (`REDUCE_TERM`, "ordem
 * inversa": the last ones are paid) or the same count with smaller installments (`REDUCE_INSTALLMENT`).
 */

/** Where a record stands when it amortizes. */
export interface AmortizationInput {
  /** The record's current schedule. */
  readonly schedule: Schedule;
  /**
   * Installments of that schedule already paid: for a bid, up to the assembly's own period (an eligible record has
   * paid it to be eligible); for a prepayment, up to the last paid installment.
   */
  readonly paidCount: number;
  /** The record's cumulative paid percentages (fcPaidPct, afPaidPct, frPaidPct). */
  readonly paid: ComponentPcts;
  /** The percentage of C amortized (the whole bid, embedded part included), > 0 and ≤ the remaining total. */
  readonly pct: bigint;
  readonly mode: AmortizationMode;
}

/** The outcome of an amortization. */
export interface Amortization {
  /** `(dFC, dAF, dFR)`: how `pct` was split over the components. */
  readonly split: ComponentPcts;
  /** `(fc_r, af_r, fr_r)` before the amortization. */
  readonly remainingBefore: ComponentPcts;
  /** What remains after it: `remainingBefore − split`. */
  readonly remaining: ComponentPcts;
  /** The record's paid percentages after it: `paid + split`. */
  readonly paid: ComponentPcts;
  /** `n_r`: installments left before. */
  readonly countBefore: number;
  /** `n'`: installments left after (0 when nothing remains). */
  readonly count: number;
  /** The rebuilt schedule: `count` installments from the period after the last paid one. */
  readonly schedule: Schedule;
}

/**
 * `(dFC, dAF, dFR) = split3(pct, fc_r, af_r, fr_r)`: the admin-fee and reserve parts are floored and the
 * common fund takes the rest. The common fund's part is capped at its remaining percentage: when `pct` is close to
 * everything that remains, the two floors can leave FC one unit more than it has left (remaining 1/1/1 and pct 2
 * gives FC 2; G-DEMO after installment 11 with pct 102.0068 % gives FC 84.7233 % of 84.7232 %); that unit goes to
 * the admin fee, so no remaining percentage ever becomes negative.
 * @throws ValidationError on `pct` (≤ 0) or `remaining` (negative);
 *   RuleViolation `exceeds_remaining_balance` when pct > fc_r + af_r + fr_r.
 */
export function amortizationSplit(pct: bigint, remaining: ComponentPcts): ComponentPcts {
  if (pct <= 0n) throw new ValidationError('pct', 'must be > 0');
  if (remaining.fc < 0n || remaining.af < 0n || remaining.fr < 0n)
    throw new ValidationError('remaining', 'must not be negative');
  const r = sumPcts(remaining);
  if (pct > r)
    throw new RuleViolation(
      'exceeds_remaining_balance',
      `${pct} pct units exceed the ${r} pct units that remain to be paid`,
    );
  const s = split3(pct, remaining.fc, remaining.af, remaining.fr);
  const excess = s.fc - remaining.fc;
  if (excess <= 0n) return s;
  // fc = pct·fc_r/R + (the two fractions the floors dropped) < fc_r + 2, so the excess is exactly 1 unit. It needs
  // pct < R (with pct = R the split is exact) and af_r > 0 (with one floor fc = ⌈pct·fc_r/R⌉ ≤ fc_r); then
  // af = ⌊pct·af_r/R⌋ < af_r, so the admin fee always has that unit left.
  return { fc: remaining.fc, af: s.af + excess, fr: s.fr };
}

/**
 * Amortizes `pct` of what a record still owes: splits it over the remaining components, adds it to the paid
 * percentages and rebuilds the schedule from the remaining percentages. With everything paid `n' = 0`; otherwise
 * `REDUCE_TERM`: `n' = max(1, n_r − floorDiv(pct, inst))` where `inst` is the next installment's percentage (the
 * regular one, or the last one when `n_r = 1`); `REDUCE_INSTALLMENT`: `n' = n_r`.
 * G-DEMO quota 40 after installment 11, bid 48.2500 %: split (400 748, 72 133, 9 619), REDUCE_TERM → 33 installments
 * of FC 1.3529 % (last 1.3556 %).
 * @throws ValidationError on `paid_count`, `pct`, `amortization_mode`; RuleViolation `nothing_to_amortize` (no
 *   installment left) or `exceeds_remaining_balance`.
 */
export function amortize(input: AmortizationInput): Amortization {
  const { schedule, paidCount, pct, mode } = input;
  if (!AMORTIZATION_MODES.includes(mode))
    throw new ValidationError('amortization_mode', `must be one of ${AMORTIZATION_MODES.join(', ')}`);
  const remainingBefore = remainingPcts(schedule, paidCount);
  const countBefore = schedule.count - paidCount;
  if (countBefore === 0) throw new RuleViolation('nothing_to_amortize', 'the record has no installment left to pay');
  const split = amortizationSplit(pct, remainingBefore);
  const remaining = {
    fc: remainingBefore.fc - split.fc,
    af: remainingBefore.af - split.af,
    fr: remainingBefore.fr - split.fr,
  };
  const count =
    sumPcts(remaining) === 0n ? 0 : newCount(mode, countBefore, pct, installmentPcts(schedule, paidCount + 1));
  return {
    split,
    remainingBefore,
    remaining,
    paid: addPcts(input.paid, split),
    countBefore,
    count,
    schedule: buildSchedule(remaining, count, schedule.firstPeriod + paidCount),
  };
}

function newCount(mode: AmortizationMode, countBefore: number, pct: bigint, next: ComponentPcts): number {
  if (mode === 'REDUCE_INSTALLMENT') return countBefore;
  const inst = sumPcts(next);
  // An installment of 0 % (a tiny remainder spread so thin that only the last installment carries it): the bid pays
  // every installment but that last one, so one is left.
  if (inst === 0n) return 1;
  const paidOff = floorDiv(pct, inst);
  return paidOff >= BigInt(countBefore) ? 1 : Math.max(1, countBefore - Number(paidOff));
}

/** A prepayment: what it costs, how that money is posted, and the amortization it makes. */
export interface Prepayment {
  /** `applyPct(C(d), pct)` centavos. */
  readonly amount: bigint;
  /** The centavos per component: `split3(amount, fc_r, af_r, fr_r)` (ledger E6, like a bid's own part). */
  readonly amountSplit: Split3;
  readonly amortization: Amortization;
}

/**
 * `Prepay(record, pct, mode)`: pays `applyPct(C(d), pct)` and amortizes like a bid. A prepayment never
 * becomes a bid (contract art. 25 §1).
 * @throws ValidationError on `credit_value_centavos` (≤ 0), or as {@link amortize}.
 */
export function prepayment(input: AmortizationInput & { creditValue: bigint }): Prepayment {
  if (input.creditValue <= 0n) throw new ValidationError('credit_value_centavos', 'must be > 0');
  const amortization = amortize(input);
  const amount = applyPct(input.creditValue, input.pct);
  const r = amortization.remainingBefore;
  return { amount, amountSplit: split3(amount, r.fc, r.af, r.fr), amortization };
}
