import type { Redis } from 'ioredis';
import { PaymentsReportsServiceService } from '@consorcio/shared/gen/consorcio/payments/v1/payments_reports';
import { bindService, type ServiceBinding } from '@consorcio/shared/grpc';
import { LockService } from '@consorcio/shared/locks';
import { ReportCache, reportRefreshWorker, ViewRefresher } from '@consorcio/shared/reports';
import { SCHEMA, type PaymentsDeps } from '../app/deps';
import { PAYMENTS_REPORT_VIEWS, PaymentsReports } from './payments-reports';
import { paymentsReportsHandlers } from './reports-handlers';

export const PAYMENTS_REPORTS_SERVICE_NAME = 'consorcio.payments.v1.PaymentsReportsService';

export interface PaymentsReportsOptions {
  /** A client made with LOCK_REDIS_OPTIONS (it holds the refresh lock and the cached reports). */
  redis: Redis;
  /** How long a computed report is served from the cache. */
  /** Seconds a computed report is cached; a function is read at every write (the live setting). */
  cacheTtlSeconds: number | (() => number);
  /** Pause between scheduled refreshes; 0 turns the schedule off (on-demand refreshes only). */
  refreshIntervalMs: number;
  /** Lock resource of the refresh (default `lock:reports-refresh:{payments}`); tests pass their own. */
  lockResource?: string;
}

export interface PaymentsReportsModule {
  binding: ServiceBinding;
  /** The scheduled refresh, or none when the interval is 0. */
  workers: { start(): void; stop(): Promise<void> }[];
  reports: PaymentsReports;
  refresher: ViewRefresher;
  cache: ReportCache;
}

/** Payments' reports: the gRPC binding, the view refresher and its schedule, the report cache. */
export function paymentsReportsModule(deps: PaymentsDeps, o: PaymentsReportsOptions): PaymentsReportsModule {
  const cache = new ReportCache({ redis: o.redis, service: SCHEMA, ttlSeconds: o.cacheTtlSeconds, log: deps.log });
  // Its own lock service: no retries, so a second refresh is refused at once instead of redoing the first one's work.
  const locks = new LockService({ redis: o.redis, db: deps.db, schema: SCHEMA, log: deps.log, retryCount: 0 });
  const refresher = new ViewRefresher({
    db: deps.db,
    schema: SCHEMA,
    views: PAYMENTS_REPORT_VIEWS,
    locks,
    lockResource: o.lockResource,
    cache,
    now: () => deps.clock.now(),
  });
  const reports = new PaymentsReports({ db: deps.db, clock: deps.clock, cache, refresher });
  const workers =
    o.refreshIntervalMs > 0
      ? [
          reportRefreshWorker({
            db: deps.db,
            schema: SCHEMA,
            refresher,
            intervalMs: o.refreshIntervalMs,
            log: deps.log,
          }),
        ]
      : [];
  return {
    binding: bindService(
      PaymentsReportsServiceService,
      PAYMENTS_REPORTS_SERVICE_NAME,
      paymentsReportsHandlers(deps, reports, refresher),
    ),
    workers,
    reports,
    refresher,
    cache,
  };
}
