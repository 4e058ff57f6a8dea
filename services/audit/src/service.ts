import { LeasedLoop } from '@consorcio/shared/bus';
import type { Clock } from '@consorcio/shared/clock';
import { AuditServiceService } from '@consorcio/shared/gen/consorcio/audit/v1/audit_service';
import { bindService, type Authenticator, type RunningGrpcServer } from '@consorcio/shared/grpc';
import type { Logger } from '@consorcio/shared/log';
import { openServiceRuntime } from '@consorcio/shared/runtime';
import type { SettingsClientOptions } from '@consorcio/shared/settings';
import { signLatestCheckpoint } from './app/checkpoints';
import { SCHEMA, type AuditDeps, type SigningKey } from './app/deps';
import { logConsumer } from './events/log-consumer';
import { auditServiceHandlers } from './grpc/audit-service';

export const AUDIT_SERVICE_NAME = 'consorcio.audit.v1.AuditService';

export interface AuditServiceOptions {
  databaseUrl: string;
  amqpUrl: string;
  host: string;
  port: number;
  clock: Clock;
  log: Logger;
  authenticate: Authenticator;
  signing: SigningKey;
  checkpointIntervalMs: number;
  exchange?: string;
  relayPollMs?: number;
  healthIntervalMs?: number;
  /** Where the settings service is; absent: the catalogue defaults. */
  settings?: SettingsClientOptions | undefined;
  /** Where to serve Prometheus metrics (none when absent). */
  metrics?: { port: number; host: string };
}

export interface RunningAuditService {
  grpc: RunningGrpcServer;
  deps: AuditDeps;
  consuming: Promise<void>;
  stop(): Promise<void>;
}

/**
 * The whole audit service in one process: the gRPC API, the consumer appending every event to the log, the loop
 * signing checkpoints (one replica at a time) and the outbox relay publishing them.
 */
export async function startAuditService(o: AuditServiceOptions): Promise<RunningAuditService> {
  const runtime = await openServiceRuntime({ ...o, service: SCHEMA, poolMax: 8 });
  const deps: AuditDeps = { db: runtime.db, clock: o.clock, signing: o.signing, log: o.log };
  const checkpoints = new LeasedLoop({
    db: runtime.db,
    leaseName: 'audit.checkpoints',
    pollMs: o.checkpointIntervalMs,
    tick: async () => {
      await signLatestCheckpoint(deps);
      return false;
    },
    log: o.log,
    label: 'checkpoint signer',
  });
  const running = await runtime.serve({
    bindings: [bindService(AuditServiceService, AUDIT_SERVICE_NAME, auditServiceHandlers(deps))],
    host: o.host,
    port: o.port,
    authenticate: o.authenticate,
    workers: [logConsumer({ db: runtime.db, connection: runtime.amqp, log: o.log, exchange: o.exchange }), checkpoints],
    healthIntervalMs: o.healthIntervalMs,
    metrics: o.metrics,
  });
  return { grpc: running.grpc, deps, consuming: running.consuming, stop: () => running.stop() };
}
