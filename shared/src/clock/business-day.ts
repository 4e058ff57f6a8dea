import { addDays, dayOfWeek } from './calendar-date';

/** True when `date` is Monday to Friday and not in `holidays` (dates as `YYYY-MM-DD`). */
export function isBusinessDay(date: string, holidays: ReadonlySet<string>): boolean {
  const dow = dayOfWeek(date);
  return dow !== 0 && dow !== 6 && !holidays.has(date);
}

/** `date` itself when it is a business day, else the first business day after it. */
export function nextBusinessDay(date: string, holidays: ReadonlySet<string>): string {
  let d = date;
  // Terminates: every step past a weekend or a member of the finite holiday set.
  while (!isBusinessDay(d, holidays)) d = addDays(d, 1);
  return d;
}

/** The `n`-th business day after `date` (n ≥ 0; 0 gives `date` itself when it is a business day, else the next). */
export function addBusinessDays(date: string, n: number, holidays: ReadonlySet<string>): string {
  let d = nextBusinessDay(date, holidays);
  if (d !== date && n > 0) n--; // a non-business start day: its next business day is already the first
  for (let i = 0; i < n; i++) d = nextBusinessDay(addDays(d, 1), holidays);
  return d;
}
