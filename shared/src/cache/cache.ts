import type { Redis } from 'ioredis';
import { UnavailableError, ValidationError } from '../errors';
import type { Codec } from './bigint-json-codec';
import type { CacheLogger } from './create-redis';

export interface CacheOptions {
  redis: Redis;
  /** Namespaces the keys, so services sharing a Redis never collide. */
  service: string;
  /**
   * How long an entry lives; also the bound on staleness if an invalidation is missed. A function is read at every
   * write (a live setting); when it answers 0 nothing is cached.
   */
  ttlSeconds: number | (() => number);
  log?: CacheLogger;
}

/** An entity name and id, naming one cache entry. */
export type CacheEntry = readonly [entity: string, id: string];

/**
 * Cache-aside over Redis. Redis is an optimization only: when it fails on read or write the value
 * comes from the loader (with a warning), so a cache outage never fails a request. Loader errors
 * are the caller's and propagate unchanged. Null results are not cached.
 */
export class Cache {
  private readonly redis: Redis;
  private readonly service: string;
  private readonly ttlSeconds: () => number;
  private readonly log: CacheLogger | undefined;

  constructor(opts: CacheOptions) {
    const fixed = opts.ttlSeconds;
    if (typeof fixed === 'number' && (!Number.isInteger(fixed) || fixed <= 0)) {
      throw new ValidationError('ttlSeconds', 'must be a positive integer');
    }
    if (opts.service === '') throw new ValidationError('service', 'must not be empty');
    this.redis = opts.redis;
    this.service = opts.service;
    this.ttlSeconds = typeof fixed === 'number' ? () => fixed : fixed;
    this.log = opts.log;
  }

  /** The Redis key of one entry: `cache:<service>:<entity>:<id>`. */
  key(entity: string, id: string): string {
    return `cache:${this.service}:${entity}:${id}`;
  }

  /** The cached value, or the loader's (then cached for ttlSeconds unless null or Redis is failing). */
  async getOrLoad<T>(entity: string, id: string, loader: () => Promise<T | null>, codec: Codec<T>): Promise<T | null> {
    const key = this.key(entity, id);
    let cached: string | null = null;
    let redisUp = true;
    try {
      cached = await this.redis.get(key);
    } catch (err) {
      redisUp = false;
      this.warn(err, key, 'cache read failed; using the loader');
    }
    if (cached !== null) {
      try {
        return codec.decode(cached);
      } catch (err) {
        // An entry written by an older codec: reload and overwrite it.
        this.warn(err, key, 'cache entry undecodable; reloading');
      }
    }

    const value = await loader();
    const ttl = this.ttlSeconds();
    // After a failed read, a write would most likely fail too and only add latency.
    if (value !== null && redisUp && ttl > 0) {
      try {
        await this.redis.set(key, codec.encode(value), 'EX', ttl);
      } catch (err) {
        this.warn(err, key, 'cache write failed');
      }
    }
    return value;
  }

  /**
   * Deletes one entry. Unlike reads, a failure throws an UnavailableError (transient), so an event
   * consumer retries it rather than leave a stale entry until its TTL.
   */
  async invalidate(entity: string, id: string): Promise<void> {
    await this.invalidateMany([[entity, id]]);
  }

  /** Deletes several entries in one command; throws UnavailableError when Redis fails. */
  async invalidateMany(entries: readonly CacheEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const keys = entries.map(([entity, id]) => this.key(entity, id));
    try {
      await this.redis.del(...keys);
    } catch (err) {
      throw new UnavailableError(`cache invalidation failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private warn(err: unknown, key: string, msg: string): void {
    this.log?.warn({ err, payload: { key } }, msg);
  }
}
