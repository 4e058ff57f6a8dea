import type { Redis } from 'ioredis';
import type { Knex } from 'knex';
import type { BusLogger } from '../bus';
import type { CacheLogger } from '../cache';
import { LockService, type LockLogger } from '../locks';
import { reportRefreshWorker } from './refresh-worker';
import { ReportCache } from './report-cache';
import { ViewRefresher } from './view-refresher';

export interface ReportsRuntimeOptions {
  db: Knex;
  /** A client made with LOCK_REDIS_OPTIONS (it holds the refresh lock and the cached reports). */
  redis: Redis;
  /** The service's schema: its views, its refresh lease and its cache keys. */
  schema: string;
  /** The schema's materialized views, refreshed in this order. */
  views: readonly string[];
  /** Pause between scheduled refreshes; 0 turns the schedule off (on-demand refreshes only). */
  refreshIntervalMs: number;
  /** Seconds a computed report is cached; a function is read at every write (the live setting). */
  cacheTtlSeconds: number | (() => number);
  /** Lock resource of the refresh (default `lock:reports-refresh:{<schema>}`); tests pass their own. */
  lockResource?: string;
  /** The instant refreshes are stamped with (the service clock). */
  now: () => Date;
  log: BusLogger & CacheLogger & LockLogger;
}

export interface ReportsRuntime {
  cache: ReportCache;
  refresher: ViewRefresher;
  /** The scheduled refresh, or none when the interval is 0. */
  workers: { start(): void; stop(): Promise<void> }[];
}

/**
 * What every service with reports runs beside its gRPC handlers: the report cache, the refresher of its views
 * (under its own lock service with no retries, so a second refresh is refused at once instead of redoing the first
 * one's work; a refresh drops the cache) and the scheduled refresh as a runtime worker.
 */
export function reportsRuntime(o: ReportsRuntimeOptions): ReportsRuntime {
  const cache = new ReportCache({ redis: o.redis, service: o.schema, ttlSeconds: o.cacheTtlSeconds, log: o.log });
  const locks = new LockService({ redis: o.redis, db: o.db, schema: o.schema, log: o.log, retryCount: 0 });
  const refresher = new ViewRefresher({
    db: o.db,
    schema: o.schema,
    views: o.views,
    locks,
    lockResource: o.lockResource,
    cache,
    now: o.now,
  });
  const workers =
    o.refreshIntervalMs > 0
      ? [reportRefreshWorker({ db: o.db, schema: o.schema, refresher, intervalMs: o.refreshIntervalMs, log: o.log })]
      : [];
  return { cache, refresher, workers };
}
