import type { Redis } from 'ioredis';
import { advanceSharedClock, sharedClockNow, type ControlledClock } from '@consorcio/shared/clock';

/** How a simulation moves the platform's time: the sandbox's shared clock, or a test's controlled clock. */
export interface TimeControl {
  now(): Promise<Date>;
  /** Moves time forward to `instant` (a no-op when it is already later). */
  advanceTo(instant: Date): Promise<void>;
}

/** The running platform's shared clock (`CONSORCIO_CLOCK=shared`, what `npm start` runs). */
export function sharedClockTime(redis: Redis): TimeControl {
  return {
    now: () => sharedClockNow(redis),
    async advanceTo(instant) {
      await advanceSharedClock(redis, instant);
    },
  };
}

/** An in-process platform's controlled clock (tests). */
export function controlledTime(clock: ControlledClock): TimeControl {
  return {
    now: () => Promise.resolve(clock.now()),
    advanceTo(instant) {
      if (instant > clock.now()) clock.set(instant);
      return Promise.resolve();
    },
  };
}
