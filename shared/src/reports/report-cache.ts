import type { Redis } from 'ioredis';
import { bigintJsonCodec, Cache, type CacheLogger } from '../cache';

const ENTITY = 'report';

/**
 * A TTL cache of computed reports over the shared cache-aside `Cache`: keys `cache:<service>:report:<name>:<args>`.
 * Reports are plain objects with bigint money (bigint-safe JSON). A refresh of the views drops every entry of the
 * service (SCAN + DEL), so a report never outlives the data it was computed from by more than one refresh.
 */
export class ReportCache {
  private readonly cache: Cache;

  constructor(
    private readonly o: { redis: Redis; service: string; ttlSeconds: number | (() => number); log?: CacheLogger },
  ) {
    this.cache = new Cache({ redis: o.redis, service: o.service, ttlSeconds: o.ttlSeconds, log: o.log });
  }

  /** The Redis key of one report: `cache:<service>:report:<name>:<args joined by ':'>`. */
  key(name: string, args: readonly (string | number)[]): string {
    return this.cache.key(ENTITY, id(name, args));
  }

  /** The cached report, or the loader's (then cached for the TTL). */
  async getOrLoad<T>(name: string, args: readonly (string | number)[], load: () => Promise<T>): Promise<T> {
    const value = await this.cache.getOrLoad<T>(ENTITY, id(name, args), load, bigintJsonCodec<T>());
    // getOrLoad returns null only when the loader did; report loaders never do.
    return value as T;
  }

  /** Drops every cached report of the service; returns how many entries went. */
  async invalidateAll(): Promise<number> {
    const pattern = `${this.cache.key(ENTITY, '')}*`;
    let cursor = '0';
    let deleted = 0;
    do {
      const [next, keys] = await this.o.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) deleted += await this.o.redis.del(...keys);
    } while (cursor !== '0');
    return deleted;
  }
}

function id(name: string, args: readonly (string | number)[]): string {
  return [name, ...args.map(String)].join(':');
}
