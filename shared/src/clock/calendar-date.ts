import { ValidationError } from '../errors';

/**
 * Pure helpers on calendar dates written `YYYY-MM-DD`. The arithmetic is done on UTC midnights, so
 * it never meets a DST gap or the host's time zone.
 */

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Day of the week, 0 = Sunday … 6 = Saturday, as Date#getUTCDay. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

function parseMs(s: string): number | undefined {
  const m = DATE_PATTERN.exec(s);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  // Date.UTC rolls 2025-02-30 over to March; a real date survives the round trip.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  return ms;
}

function toMs(date: string, field: string): number {
  const ms = parseMs(date);
  if (ms === undefined) throw new ValidationError(field, 'must be a valid YYYY-MM-DD date');
  return ms;
}

function fromMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** True when `s` is a real calendar date written `YYYY-MM-DD` (2025-02-29 is not). */
export function isValidDate(s: string): boolean {
  return typeof s === 'string' && parseMs(s) !== undefined;
}

/** `date` plus `n` days (n may be negative). */
export function addDays(date: string, n: number): string {
  if (!Number.isInteger(n)) throw new ValidationError('n', 'must be an integer');
  return fromMs(toMs(date, 'date') + n * DAY_MS);
}

/**
 * `date` plus whole `years` (may be negative), same month and day; 29 February becomes 28 February when the target
 * year is a common year.
 */
export function addYears(date: string, years: number): string {
  if (!Number.isInteger(years)) throw new ValidationError('years', 'must be an integer');
  toMs(date, 'date');
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const year = y + years;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const day = m === 2 && d === 29 && !leap ? 28 : d;
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Whole days from `a` to `b` (b − a): positive when b is later. */
export function daysBetween(a: string, b: string): number {
  return Math.round((toMs(b, 'b') - toMs(a, 'a')) / DAY_MS);
}

/** Day of the week of `date`, 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: string): Weekday {
  return new Date(toMs(date, 'date')).getUTCDay() as Weekday;
}
