import { ValidationError } from '../errors';
import { addDays } from './calendar-date';

/**
 * Brazil's national bank holidays of a year (the days the interbank settlement system is closed), as
 * `YYYY-MM-DD`: the fixed national holidays (Law 662/1949 as amended; Nov 20 since Law 14.759/2023) and the
 * Easter-based ones (Carnival Monday and Tuesday, Good Friday, Corpus Christi). Local holidays are not included:
 * a due date moves by the national calendar.
 */
export function brazilianBankHolidays(year: number): string[] {
  if (!Number.isInteger(year) || year < 1900 || year > 2199)
    throw new ValidationError('year', 'must be a whole number between 1900 and 2199');
  const y = String(year).padStart(4, '0');
  const fixed = ['01-01', '04-21', '05-01', '09-07', '10-12', '11-02', '11-15', '12-25'];
  if (year >= 2024) fixed.push('11-20');
  const easter = easterSunday(year);
  const movable = [-48, -47, -2, 60].map((d) => addDays(easter, d));
  return [...fixed.map((md) => `${y}-${md}`), ...movable].sort();
}

/** The bank holidays of every year from `fromYear` to `toYear`, as a set for `nextBusinessDay`. */
export function brazilianBankHolidaySet(fromYear: number, toYear: number): ReadonlySet<string> {
  const days = new Set<string>();
  for (let year = fromYear; year <= toYear; year++) for (const d of brazilianBankHolidays(year)) days.add(d);
  return days;
}

/** Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm, "Meeus/Jones/Butcher"). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The national bank holidays due dates and deadlines move past; covers every date the platform can be asked about. */
export const BANK_HOLIDAYS: ReadonlySet<string> = brazilianBankHolidaySet(2000, 2100);
