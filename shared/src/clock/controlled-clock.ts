import { ValidationError } from '../errors';
import { calendarDateAt, type Clock } from './clock';

const DAY_MS = 86_400_000;

/** An instant as a Date, epoch milliseconds or an ISO 8601 string. */
export type Instant = Date | number | string;

function toMs(instant: Instant): number {
  const ms = instant instanceof Date ? instant.getTime() : typeof instant === 'number' ? instant : Date.parse(instant);
  if (!Number.isFinite(ms)) throw new ValidationError('instant', 'must be a valid date-time');
  return ms;
}

/** A clock that only moves when told to, for simulations and tests. */
export class ControlledClock implements Clock {
  private ms: number;

  constructor(start: Instant) {
    this.ms = toMs(start);
  }

  now(): Date {
    return new Date(this.ms);
  }

  today(): string {
    return calendarDateAt(new Date(this.ms));
  }

  /** Jumps to `instant` (backwards too). */
  set(instant: Instant): void {
    this.ms = toMs(instant);
  }

  /** Moves by `n` × 24 h (São Paulo has had no DST since 2019, so this is also n calendar days there). */
  advanceDays(n: number): void {
    this.advanceMs(n * DAY_MS);
  }

  /** Moves by `n` milliseconds (negative moves back). */
  advanceMs(n: number): void {
    if (!Number.isFinite(n)) throw new ValidationError('n', 'must be a finite number');
    this.ms += n;
  }
}
