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
// Several counters (per IP and per user) in one round trip.
const HIT_SCRIPT = `
local out = {}
for i, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  local ttl = redis.call('PTTL', key)
  if count == 1 or ttl < 0 then
    redis.call('PEXPIRE', key, ARGV[1])
    ttl = tonumber(ARGV[1])
  end
  out[2 * i - 1] = count
  out[2 * i] = ttl
end
return out`;

/** One counter to count a request under. */
export interface RateLimitCounter {
  key: string;
  limit: number;
}

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
  hit(key: string, limit: number, windowMs: number, failClosed = false): Promise<RateLimitDecision> {
    return this.hitAll([{ key, limit }], windowMs, failClosed);
  }

  /** Counts one request under every counter at once (one Redis round trip); allowed only if all allow it. */
  async hitAll(
    counters: readonly RateLimitCounter[],
    windowMs: number,
    failClosed = false,
  ): Promise<RateLimitDecision> {
    try {
      const keys = counters.map((c) => c.key);
      const out = (await this.redis.eval(HIT_SCRIPT, keys.length, ...keys, String(windowMs))) as number[];
      let decision: RateLimitDecision = { allowed: true, remaining: Number.MAX_SAFE_INTEGER, resetMs: 0 };
      counters.forEach((c, i) => {
        const count = out[2 * i] ?? 0;
        const ttl = Math.max(0, out[2 * i + 1] ?? 0);
        const allowed = count <= c.limit;
        decision = {
          allowed: decision.allowed && allowed,
          remaining: Math.min(decision.remaining, Math.max(0, c.limit - count)),
          // When refused, the client may retry once the longest exceeded window is over.
          resetMs: allowed ? decision.resetMs : Math.max(decision.resetMs, ttl),
        };
        if (decision.allowed) decision.resetMs = Math.max(decision.resetMs, ttl);
      });
      return decision;
    } catch (err) {
      const now = Date.now();
      if (now - this.lastWarnMs >= this.warnIntervalMs) {
        this.lastWarnMs = now;
        // Only the scopes: the id part may be a username (or a password typed into the username box).
        const scopes = counters.map((c) => c.key.split(':').slice(0, 2).join(':'));
        this.log.warn(
          { err, payload: { scopes } },
          failClosed ? 'rate limiter unavailable; request refused' : 'rate limiter unavailable; request allowed',
        );
      }
      const limit = Math.min(...counters.map((c) => c.limit));
      return failClosed
        ? { allowed: false, remaining: 0, resetMs: 1000, unavailable: true }
        : { allowed: true, remaining: limit, resetMs: 0, unavailable: true };
    }
  }
}
