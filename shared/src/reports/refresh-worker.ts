import type { Knex } from 'knex';
import { LeasedLoop, type BusLogger } from '../bus';
import { ConflictError } from '../errors';
import type { ViewRefresher } from './view-refresher';

/**
 * The scheduled refresh, as a service runtime worker: one replica (an advisory-lock lease) refreshes the views every
 * `intervalMs`; the Redis lock inside the refresher still keeps it apart from on-demand refreshes. A refresh refused
 * because another is running is skipped, not retried.
 */
export function reportRefreshWorker(o: {
  db: Knex;
  schema: string;
  refresher: ViewRefresher;
  intervalMs: number;
  log: BusLogger;
}): { start(): void; stop(): Promise<void> } {
  let first = true;
  const loop = new LeasedLoop({
    db: o.db,
    leaseName: `report-refresh:${o.schema}`,
    pollMs: o.intervalMs,
    label: `${o.schema} report refresh`,
    log: o.log,
    tick: async () => {
      // The views are populated by their migration: the first refresh waits one interval, so a start is cheap.
      if (first) {
        first = false;
        return false;
      }
      try {
        await o.refresher.refresh();
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err;
      }
      return false;
    },
  });
  return { start: () => loop.start(), stop: () => loop.stop() };
}
