import { Redis, type RedisOptions } from 'ioredis';

/** The one logger method the cache folder needs, so it does not depend on the log folder. */
export interface CacheLogger {
  warn(obj: object, msg: string): void;
}

export interface CreateRedisOptions extends RedisOptions {
  /** Receives connection errors (at most one line per `errorLogIntervalMs`). */
  log?: CacheLogger;
  /** Minimum gap between two logged connection errors; default 10 s. */
  errorLogIntervalMs?: number;
}

/**
 * An ioredis client that fails fast: every command gives up after `commandTimeout` (1000 ms by
 * default) and is retried across at most one reconnect, so a paused or unreachable Redis slows a
 * caller by a bounded amount instead of stalling it. Connection errors are logged, never thrown
 * as an unhandled 'error' event (which would crash the process).
 */
export function createRedis(url: string, opts: CreateRedisOptions = {}): Redis {
  const { log, errorLogIntervalMs = 10_000, ...redisOpts } = opts;
  const client = new Redis(url, {
    commandTimeout: 1000,
    maxRetriesPerRequest: 1,
    lazyConnect: false,
    ...redisOpts,
  });
  // A reconnect loop emits an error every attempt; one line per interval is enough to notice.
  let lastLogged = Number.NEGATIVE_INFINITY;
  client.on('error', (err: Error) => {
    const now = Date.now();
    if (now - lastLogged < errorLogIntervalMs) return;
    lastLogged = now;
    // The URL may carry a password, so only the error is logged.
    log?.warn({ err }, 'redis connection error');
  });
  return client;
}
