import { addBusinessDays, addDays, businessInstant, dayOfWeek, nextBusinessDay } from '../clock';
import { periodDueDate } from './calendar';

/** The dates of one assembly (domain §2.2). */
export interface AssemblyDates {
  readonly dueOn: string;
  readonly effectiveDueOn: string;
  /** When bidding opens: the period's billing date (10 days before the due date), 09:00 São Paulo. */
  readonly opensAt: Date;
  /** 18:00 São Paulo of the second business day after the effective due date. */
  readonly bidDeadline: Date;
  /** The first Loteria Federal extraction day (Wednesday or Saturday) after the deadline's day (D-07). */
  readonly extractionDate: string;
  /** The first business day after the extraction. */
  readonly assemblyDate: string;
}

/**
 * The calendar of period p's assembly (decision D-25): bidding opens with the period's billing, closes at 18:00 of
 * the second business day after the effective due date (so a member who pays on the due date can still bid, and the
 * payment is in before eligibility is judged), the extraction is the next Loteria Federal draw day (Wednesdays and
 * Saturdays) after that day, and the assembly meets on the next business day — within the 4th business day after
 * the effective due date when the extraction allows (contract art. 60).
 */
export function assemblyDates(input: {
  constitutedOn: string;
  dueDay: number;
  period: number;
  holidays: ReadonlySet<string>;
}): AssemblyDates {
  const dueOn = periodDueDate(input.constitutedOn, input.dueDay, input.period);
  const effectiveDueOn = nextBusinessDay(dueOn, input.holidays);
  const deadlineDay = addBusinessDays(effectiveDueOn, 2, input.holidays);
  let extractionDate = addDays(deadlineDay, 1);
  while (dayOfWeek(extractionDate) !== 3 && dayOfWeek(extractionDate) !== 6)
    extractionDate = addDays(extractionDate, 1);
  return {
    dueOn,
    effectiveDueOn,
    opensAt: businessInstant(addDays(dueOn, -10), '09:00'),
    bidDeadline: businessInstant(deadlineDay, '18:00'),
    extractionDate,
    assemblyDate: addBusinessDays(extractionDate, 1, input.holidays),
  };
}
