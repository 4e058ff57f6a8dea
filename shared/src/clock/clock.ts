/** Source of the current time; inject it so simulations and tests can control "now". */
export interface Clock {
  /** The current instant. */
  now(): Date;
  /** The current calendar date in America/Sao_Paulo, as `YYYY-MM-DD`. */
  today(): string;
}

/** The time zone every business date (due dates, assemblies) is reckoned in. */
export const BUSINESS_TIME_ZONE = 'America/Sao_Paulo';

// en-CA would already format as YYYY-MM-DD, but reading the parts does not depend on locale data.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The calendar date (`YYYY-MM-DD`) of `instant` in `timeZone` (America/Sao_Paulo by default). */
export function calendarDateAt(instant: Date, timeZone: string = BUSINESS_TIME_ZONE): string {
  const parts = formatterFor(timeZone).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year').padStart(4, '0')}-${get('month')}-${get('day')}`;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => new Date(),
  today: () => calendarDateAt(new Date()),
};

/**
 * The instant a business date's clock reads `hh:mm` in America/Sao_Paulo, which has been UTC−03:00 all year
 * since Brazil ended daylight saving time in 2019. `businessInstant(d, '24:00')` is the end of day d.
 */
export function businessInstant(date: string, time: string): Date {
  const m = /^(\d{2}):(\d{2})$/.exec(time);
  if (!m) throw new RangeError(`time must be hh:mm, got ${time}`);
  const minutes = Number(m[1]) * 60 + Number(m[2]) + 3 * 60;
  return new Date(Date.parse(`${date}T00:00:00Z`) + minutes * 60_000);
}
