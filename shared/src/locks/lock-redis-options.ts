import type { RedisOptions } from 'ioredis';

/**
 * ioredis options a lock client needs: `new Redis(url, LOCK_REDIS_OPTIONS)`.
 *
 * `commandTimeout` bounds every acquire, extend and release: a paused or partitioned Redis otherwise
 * keeps the command pending forever, and a holder would neither learn that its lock is gone nor give up
 * waiting. One second is far below the default 10 s TTL, so an extension can still be retried in time.
 */
export const LOCK_REDIS_OPTIONS = {
  commandTimeout: 1_000,
  // Fail a command after one reconnect attempt instead of twenty: the lock service has its own retries.
  maxRetriesPerRequest: 1,
} as const satisfies RedisOptions;
