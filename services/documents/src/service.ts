import { LeasedLoop } from '@consorcio/shared/bus';
import type { Clock } from '@consorcio/shared/clock';
import { DocumentsServiceService } from '@consorcio/shared/gen/consorcio/documents/v1/documents_service';
import { bindService, type Authenticator, type RunningGrpcServer } from '@consorcio/shared/grpc';
import type { Logger } from '@consorcio/shared/log';
import { openServiceRuntime } from '@consorcio/shared/runtime';
import type { SettingsClientOptions } from '@consorcio/shared/settings';
import type { ObjectStore } from '@consorcio/shared/storage';
import { SCHEMA, type DocumentLimits, type DocumentsDeps } from './app/deps';
import { purgeExpired } from './app/purge';
import type { RetentionPolicy } from './domain/retention';
import { documentsSubscriptions } from './events/subscriptions';
import { documentsServiceHandlers } from './grpc/documents-service';

export const DOCUMENTS_SERVICE_NAME = 'consorcio.documents.v1.DocumentsService';

export interface DocumentsServiceOptions {
  databaseUrl: string;
  amqpUrl: string;
  host: string;
  port: number;
  clock: Clock;
  log: Logger;
  authenticate: Authenticator;
  store: ObjectStore;
  /** Fixes the limits (tests); otherwise the setting `documents.upload.max_bytes`, read at every upload. */
  limits?: DocumentLimits;
  /** Where the settings service is; absent: the catalogue defaults. */
  settings?: SettingsClientOptions | undefined;
  retention: RetentionPolicy;
  purgeIntervalMs: number;
  exchange?: string;
  relayPollMs?: number;
  retryDelaysMs?: readonly number[];
  healthIntervalMs?: number;
  /** Where to serve Prometheus metrics (none when absent). */
  metrics?: { port: number; host: string };
}

export interface RunningDocumentsService {
  grpc: RunningGrpcServer;
  deps: DocumentsDeps;
  consuming: Promise<void>;
  stop(): Promise<void>;
}

/**
 * The whole documents service in one process: the gRPC API (uploads, downloads, lists), the consumer that keeps its
 * projections and generates contracts and minutes, the retention job (one replica at a time) and the outbox relay.
 */
export async function startDocumentsService(o: DocumentsServiceOptions): Promise<RunningDocumentsService> {
  const runtime = await openServiceRuntime({ ...o, service: SCHEMA, poolMax: 12 });
  const deps: DocumentsDeps = {
    db: runtime.db,
    clock: o.clock,
    store: o.store,
    log: o.log,
    limits: o.limits ?? { maxUploadBytes: () => runtime.settings.int('documents.upload.max_bytes') },
    retention: o.retention,
  };
  const purger = new LeasedLoop({
    db: runtime.db,
    leaseName: 'documents.purge',
    pollMs: o.purgeIntervalMs,
    tick: async () => (await purgeExpired(deps)).more,
    log: o.log,
    label: 'retention purge',
  });
  const running = await runtime.serve({
    bindings: [bindService(DocumentsServiceService, DOCUMENTS_SERVICE_NAME, documentsServiceHandlers(deps))],
    host: o.host,
    port: o.port,
    authenticate: o.authenticate,
    subscriptions: documentsSubscriptions(deps),
    workers: [purger],
    healthIntervalMs: o.healthIntervalMs,
    metrics: o.metrics,
  });
  return { grpc: running.grpc, deps, consuming: running.consuming, stop: () => running.stop() };
}
