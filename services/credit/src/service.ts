import type { PaymentsReader } from '@consorcio/shared/clients';
import type { Clock } from '@consorcio/shared/clock';
import type { PersonalDataKeys } from '@consorcio/shared/crypto';
import { CreditServiceService } from '@consorcio/shared/gen/consorcio/credit/v1/credit_service';
import { bindService, type Authenticator, type RunningGrpcServer } from '@consorcio/shared/grpc';
import type { Logger } from '@consorcio/shared/log';
import { openServiceRuntime } from '@consorcio/shared/runtime';
import type { SettingsClientOptions } from '@consorcio/shared/settings';
import type { ObjectStore } from '@consorcio/shared/storage';
import { SCHEMA, type CreditDeps } from './app/deps';
import { sellerReencryptionJob } from './app/personal-data-job';
import { CREDIT_SUBSCRIPTIONS } from './events/subscriptions';
import { creditServiceHandlers } from './grpc/credit-service';

export const CREDIT_SERVICE_NAME = 'consorcio.credit.v1.CreditService';

export interface CreditServiceOptions {
  databaseUrl: string;
  amqpUrl: string;
  host: string;
  port: number;
  clock: Clock;
  log: Logger;
  authenticate: Authenticator;
  payments: PaymentsReader;
  documents: ObjectStore;
  /** The keys that encrypt usage requests' sellers at rest (`personalDataKeysFromConfig`). */
  personalData: PersonalDataKeys;
  /** Pause of the background re-encryption job between checks, ms (default 60 000). */
  reencryptIntervalMs?: number;
  exchange?: string;
  relayPollMs?: number;
  retryDelaysMs?: readonly number[];
  healthIntervalMs?: number;
  /** Where the settings service is; absent: the catalogue defaults. */
  settings?: SettingsClientOptions | undefined;
  /** Where to serve Prometheus metrics (none when absent). */
  metrics?: { port: number; host: string };
}

export interface RunningCreditService {
  grpc: RunningGrpcServer;
  deps: CreditDeps;
  consuming: Promise<void>;
  stop(): Promise<void>;
}

/**
 * The whole credit service in one process: gRPC API, outbox relay, and the consumer of groups', draws' and payments'
 * events (letters are issued from contemplations; their yield comes from payments' income allocation).
 */
export async function startCreditService(o: CreditServiceOptions): Promise<RunningCreditService> {
  const runtime = await openServiceRuntime({ ...o, service: SCHEMA, poolMax: 16 });
  const deps: CreditDeps = {
    db: runtime.db,
    clock: o.clock,
    payments: o.payments,
    documents: o.documents,
    pii: o.personalData,
    log: o.log,
  };
  const reencryption = sellerReencryptionJob({
    db: runtime.db,
    pii: o.personalData,
    log: o.log,
    intervalMs: o.reencryptIntervalMs ?? 60_000,
  });
  const running = await runtime.serve({
    bindings: [bindService(CreditServiceService, CREDIT_SERVICE_NAME, creditServiceHandlers(deps))],
    host: o.host,
    port: o.port,
    authenticate: o.authenticate,
    subscriptions: CREDIT_SUBSCRIPTIONS,
    workers: [reencryption],
    healthIntervalMs: o.healthIntervalMs,
    metrics: o.metrics,
  });
  return { grpc: running.grpc, deps, consuming: running.consuming, stop: () => running.stop() };
}
