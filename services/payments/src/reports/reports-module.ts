import type { Redis } from 'ioredis';
import { PaymentsReportsServiceService } from '@consorcio/shared/gen/consorcio/payments/v1/payments_reports';
import { bindService, type ServiceBinding } from '@consorcio/shared/grpc';
import { reportsRuntime, type ReportCache, type ViewRefresher } from '@consorcio/shared/reports';
import { SCHEMA, type PaymentsDeps } from '../app/deps';
import { PAYMENTS_REPORT_VIEWS, PaymentsReports } from './payments-reports';
import { paymentsReportsHandlers } from './reports-handlers';

export const PAYMENTS_REPORTS_SERVICE_NAME = 'consorcio.payments.v1.PaymentsReportsService';

export interface PaymentsReportsOptions {
  /** A client made with LOCK_REDIS_OPTIONS (it holds the refresh lock and the cached reports). */
  redis: Redis;
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
  const { cache, refresher, workers } = reportsRuntime({
    db: deps.db,
    redis: o.redis,
    schema: SCHEMA,
    views: PAYMENTS_REPORT_VIEWS,
    refreshIntervalMs: o.refreshIntervalMs,
    cacheTtlSeconds: o.cacheTtlSeconds,
    lockResource: o.lockResource,
    now: () => deps.clock.now(),
    log: deps.log,
  });
  const reports = new PaymentsReports({ db: deps.db, clock: deps.clock, cache, refresher });
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
