import { createHash } from 'node:crypto';
import type { createRedis } from '@consorcio/shared/cache';
import type { Logger } from '@consorcio/shared/log';

/** The Redis client type of the shared kit (ioredis), without depending on ioredis here. */
export type RedisClient = ReturnType<typeof createRedis>;

/** The answer for one request. */
export interface RateLimitDecision {
  allowed: boolean;
  /** Requests still allowed in this window. */
  remaining: number;
  /** Milliseconds until the window ends and the count starts over. */
  resetMs: number;
  /** Set when Redis could not be asked (the decision then follows `failClosed`). */
  unavailable?: true;
}

// INCR and PEXPIRE in one script, so a key can never be left counting without an expiry (a crash
// between two separate commands would lock a client out for good). The TTL is repaired if missing.
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if count == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}`;

/** `ratelimit:<scope>:<id>`, the key of one counter. */
export function rateLimitKey(scope: string, id: string): string {
  // Hashed: the id may be a username — a CPF, or a password typed into the wrong box — and Redis
  // commands end up in traces and slow logs.
  return `ratelimit:${scope}:${createHash('sha256').update(id).digest('base64url').slice(0, 22)}`;
}

/**
 * Fixed-window counters in Redis. The edge must not fall over with Redis: when Redis fails the
 * request is allowed and a warning logged (at most one per `warnIntervalMs`).
 */
export class RateLimiter {
  private lastWarnMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly redis: RedisClient,
    private readonly log: Pick<Logger, 'warn'>,
    private readonly warnIntervalMs = 10_000,
  ) {}

  /** Counts one request against `key` (see {@link rateLimitKey}) and says whether it is within `limit`. */
  /**
   * Counts one request under `key`. When Redis fails the request is let through (`failClosed`
   * false: the edge must not fall over with Redis), or refused (`failClosed` true: login, where an
   * unlimited guessing window is worse than a short outage).
   */
  async hit(key: string, limit: number, windowMs: number, failClosed = false): Promise<RateLimitDecision> {
    try {
      const [count, ttl] = (await this.redis.eval(HIT_SCRIPT, 1, key, String(windowMs))) as [number, number];
      return { allowed: count <= limit, remaining: Math.max(0, limit - count), resetMs: Math.max(0, ttl) };
    } catch (err) {
      const now = Date.now();
      if (now - this.lastWarnMs >= this.warnIntervalMs) {
        this.lastWarnMs = now;
        // Only the scope: the id part may be a username (or a password typed into the username box).
        const scope = key.split(':').slice(0, 2).join(':');
        this.log.warn(
          { err, payload: { scope } },
          failClosed ? 'rate limiter unavailable; request refused' : 'rate limiter unavailable; request allowed',
        );
      }
      return failClosed
        ? { allowed: false, remaining: 0, resetMs: 1000, unavailable: true }
        : { allowed: true, remaining: limit, resetMs: 0, unavailable: true };
    }
  }
}
