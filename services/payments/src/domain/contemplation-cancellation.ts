import { ValidationError } from '@consorcio/shared/errors';
import { buildSchedule, remainingPcts } from './schedule';
import type { ComponentPcts, Schedule } from './types';

/**
 * A cancelled contemplation (domain §9.8, contract art. 38 §3): the update difference since the contemplation,
 * already converted by credit to `conversionPct` of the current credit value, leaves the record's fcPaidPct and is
 * added to what remains of its FC; the schedule is rebuilt over the same number of installments (after those
 * already billed, which keep their percentages).
 */
export function cancelContemplation(input: {
  schedule: Schedule;
  /** Installments of the schedule already billed (paid or open). */
  billedCount: number;
  paid: ComponentPcts;
  conversionPct: bigint;
}): { schedule: Schedule; paid: ComponentPcts } {
  const { schedule, billedCount, paid, conversionPct } = input;
  if (conversionPct < 0n) throw new ValidationError('conversion_pct', 'must be ≥ 0');
  if (conversionPct > paid.fc)
    throw new ValidationError('conversion_pct', `must be at most the record's fcPaidPct, ${paid.fc}`);
  const remaining = remainingPcts(schedule, billedCount);
  const count = Math.max(1, schedule.count - billedCount);
  return {
    schedule: buildSchedule(
      { ...remaining, fc: remaining.fc + conversionPct },
      count,
      schedule.firstPeriod + billedCount,
    ),
    paid: { ...paid, fc: paid.fc - conversionPct },
  };
}
