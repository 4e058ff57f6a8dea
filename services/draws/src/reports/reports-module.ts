import type { Redis } from 'ioredis';
import {
  DrawsReportsServiceService,
  type AssemblyHeld,
  type DrawsReportsServiceServer,
} from '@consorcio/shared/gen/consorcio/draws/v1/draws_reports';
import { bindService, withPolicies, type ServiceBinding } from '@consorcio/shared/grpc';
import {
  exportFormatOf,
  httpBodyOf,
  renderReport,
  reportsRuntime,
  type ReportCache,
  type ViewRefresher,
} from '@consorcio/shared/reports';
import { SCHEMA, type DrawsDeps } from '../app/deps';
import { reportReaders, staffOrService } from '../grpc/access';
import { assembliesReport, assembliesTable, DRAWS_REPORT_VIEWS, type AssemblyHeldRow } from './assemblies-report';

export const DRAWS_REPORTS_SERVICE_NAME = 'consorcio.draws.v1.DrawsReportsService';

export interface DrawsReportsOptions {
  /** A client made with LOCK_REDIS_OPTIONS (refresh lock and cached reports). */
  redis: Redis;
  /** Seconds a computed report is cached; a function is read at every write (the live setting). */
  cacheTtlSeconds: number | (() => number);
  /** Pause between scheduled refreshes; 0 turns the schedule off. */
  refreshIntervalMs: number;
  /** Lock resource of the refresh (default `lock:reports-refresh:{draws}`). */
  lockResource?: string;
}

export interface DrawsReportsModule {
  binding: ServiceBinding;
  workers: { start(): void; stop(): Promise<void> }[];
  refresher: ViewRefresher;
  cache: ReportCache;
}

/** Draws' reports: the gRPC binding, the view refresher and its schedule, the report cache. */
export function drawsReportsModule(deps: DrawsDeps, o: DrawsReportsOptions): DrawsReportsModule {
  const { cache, refresher, workers } = reportsRuntime({
    db: deps.db,
    redis: o.redis,
    schema: SCHEMA,
    views: DRAWS_REPORT_VIEWS,
    refreshIntervalMs: o.refreshIntervalMs,
    cacheTtlSeconds: o.cacheTtlSeconds,
    lockResource: o.lockResource,
    now: () => deps.clock.now(),
    log: deps.log,
  });
  const reportDeps = { db: deps.db, clock: deps.clock, cache, refresher };
  const handlers = withPolicies<DrawsReportsServiceServer>(
    { getAssembliesReport: reportReaders, exportAssembliesReport: reportReaders, refreshReports: staffOrService },
    {
      getAssembliesReport: async (req) => {
        const r = await assembliesReport(reportDeps, req.groupId);
        return {
          report: {
            groupId: r.groupId,
            assemblies: r.rows.map(toProto),
            totals: toProto(r.totals),
            refreshedAt: r.refreshedAt ? new Date(r.refreshedAt) : undefined,
            generatedAt: new Date(r.generatedAt),
          },
        };
      },
      exportAssembliesReport: async (req) => {
        const format = exportFormatOf(req.format);
        return httpBodyOf(await renderReport(assembliesTable(await assembliesReport(reportDeps, req.groupId)), format));
      },
      refreshReports: async () => {
        const r = await refresher.refresh();
        return { views: r.views, refreshedAt: r.refreshedAt, durationMs: r.durationMs };
      },
    },
  );
  return {
    binding: bindService(DrawsReportsServiceService, DRAWS_REPORTS_SERVICE_NAME, handlers),
    workers,
    refresher,
    cache,
  };
}

function toProto(a: AssemblyHeldRow): AssemblyHeld {
  return {
    assemblyId: a.assemblyId,
    period: a.period,
    assemblyDate: a.assemblyDate,
    status: a.status,
    creditValueCentavos: a.creditValue,
    drawContemplations: a.drawContemplations,
    bidContemplations: a.bidContemplations,
    defaultedBids: a.defaultedBids,
    creditCentavos: a.credit,
    netCostCentavos: a.netCost,
    availableCentavos: a.available,
  };
}
