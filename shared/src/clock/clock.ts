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
