import type { Knex } from 'knex';
import { ConflictError } from '../errors';
import type { LockService } from '../locks';
import type { ReportCache } from './report-cache';

/** The table every schema with report views keeps: when each view was last refreshed. */
export const REPORT_REFRESHES_TABLE = 'report_refreshes';

export interface ViewRefresherOptions {
  db: Knex;
  schema: string;
  /** Materialized views of `schema`, refreshed in this order (each needs a unique index for CONCURRENTLY). */
  views: readonly string[];
  /**
   * The Redis lock keeping refreshes one at a time across replicas. Give it `retryCount: 0`: a second refresh is
   * refused at once (ConflictError → ABORTED) rather than queued to redo what the running one is doing.
   */
  locks: LockService;
  /** Lock resource; default `lock:reports-refresh:{<schema>}`. */
  lockResource?: string;
  /** Dropped after each refresh. */
  cache?: ReportCache;
  /** The instant refreshes are stamped with (the service clock). */
  now: () => Date;
}

export interface RefreshOutcome {
  views: string[];
  refreshedAt: Date;
  durationMs: number;
}

/**
 * Refreshes a schema's report views with `REFRESH MATERIALIZED VIEW CONCURRENTLY` (readers keep reading the old
 * contents meanwhile), one refresh at a time across replicas under a Redis lock, then records the time in
 * `<schema>.report_refreshes` and drops the cached reports.
 */
export class ViewRefresher {
  private readonly resource: string;

  constructor(private readonly o: ViewRefresherOptions) {
    this.resource = o.lockResource ?? `lock:reports-refresh:{${o.schema}}`;
  }

  /** @throws ConflictError when another refresh holds the lock */
  async refresh(): Promise<RefreshOutcome> {
    const started = Date.now();
    let refreshedAt: Date;
    try {
      refreshedAt = await this.o.locks.withLock(this.resource, async () => {
        for (const view of this.o.views) {
          await this.o.db.raw('refresh materialized view concurrently ??', [`${this.o.schema}.${view}`]);
        }
        const at = this.o.now();
        await this.o
          .db(`${this.o.schema}.${REPORT_REFRESHES_TABLE}`)
          .insert(this.o.views.map((view) => ({ view_name: view, refreshed_at: at })))
          .onConflict('view_name')
          .merge();
        return at;
      });
    } catch (err) {
      if (err instanceof ConflictError && /is held by another holder/.test(err.message)) {
        throw new ConflictError(`a refresh of the ${this.o.schema} reports is in progress; try again when it ends`);
      }
      throw err;
    }
    await this.o.cache?.invalidateAll();
    return { views: [...this.o.views], refreshedAt, durationMs: Date.now() - started };
  }

  /** When every view was last refreshed (the oldest of them), or null when one never was. */
  async lastRefreshedAt(): Promise<Date | null> {
    const rows = (await this.o
      .db(`${this.o.schema}.${REPORT_REFRESHES_TABLE}`)
      .whereIn('view_name', [...this.o.views])) as { refreshed_at: Date }[];
    if (rows.length < this.o.views.length) return null;
    return rows.reduce<Date | null>((min, r) => (min === null || r.refreshed_at < min ? r.refreshed_at : min), null);
  }
}
