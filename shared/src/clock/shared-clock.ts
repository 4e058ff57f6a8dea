import type { Redis } from 'ioredis';
import { calendarDateAt, type Clock } from './clock';

/** Where the platform's shared clock keeps its offset from real time (ms) and announces a change. */
export const SHARED_CLOCK_KEY = 'consorcio:clock:offset-ms';
export const SHARED_CLOCK_CHANNEL = 'consorcio:clock';

/** How often a replica re-reads the offset, in case it missed an announcement. */
const REFRESH_MS = 500;

/**
 * Real time shifted by an offset every service of an installation shares (in Redis), for sandboxes where a
 * simulation runs months in minutes (`npm run demo`). Time only moves forward: {@link advanceSharedClock} never
 * lowers the offset. A replica learns of a move at once (pub/sub) or within {@link REFRESH_MS}; until the first read
 * it runs on real time. Production runs on the system clock (`CONSORCIO_CLOCK=system`).
 */
export class SharedClock implements Clock {
  private offsetMs = 0;
  private readonly timer: NodeJS.Timeout;

  private constructor(
    private readonly redis: Redis,
    private readonly subscriber: Redis,
  ) {
    this.timer = setInterval(() => void this.refresh(), REFRESH_MS);
    this.timer.unref();
  }

  /** Starts following the shared offset; `duplicate()`s the client for the subscription. */
  static async follow(redis: Redis): Promise<SharedClock> {
    const clock = new SharedClock(redis, redis.duplicate());
    clock.subscriber.on('message', (_channel: string, offset: string) => clock.take(Number(offset)));
    await clock.subscriber.subscribe(SHARED_CLOCK_CHANNEL);
    await clock.refresh();
    return clock;
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  today(): string {
    return calendarDateAt(this.now());
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.subscriber.disconnect();
    await Promise.resolve();
  }

  private take(offset: number): void {
    if (Number.isFinite(offset) && offset > this.offsetMs) this.offsetMs = offset;
  }

  private async refresh(): Promise<void> {
    try {
      this.take(Number((await this.redis.get(SHARED_CLOCK_KEY)) ?? 0));
    } catch {
      // Redis unreachable: keep the last offset; the next refresh tries again.
    }
  }
}

// Raises the offset to at least ARGV[1], atomically; answers the offset in force.
const ADVANCE = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local wanted = tonumber(ARGV[1])
if wanted > current then
  redis.call('SET', KEYS[1], ARGV[1])
  redis.call('PUBLISH', ARGV[2], ARGV[1])
  return ARGV[1]
end
return tostring(current)`;

/** Moves the shared clock forward to `to` (never back); resolves the shared time now in force. */
export async function advanceSharedClock(redis: Redis, to: Date): Promise<Date> {
  const wanted = Math.ceil(to.getTime() - Date.now());
  const offset = Number(await redis.eval(ADVANCE, 1, SHARED_CLOCK_KEY, String(wanted), SHARED_CLOCK_CHANNEL));
  return new Date(Date.now() + offset);
}

/** The shared clock's time now, read straight from Redis. */
export async function sharedClockNow(redis: Redis): Promise<Date> {
  return new Date(Date.now() + Number((await redis.get(SHARED_CLOCK_KEY)) ?? 0));
}
