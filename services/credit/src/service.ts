import { checkAmqp, connectAmqp, Consumer, OutboxRelay, type AmqpConnection } from '@consorcio/shared/bus';
import type { PaymentsReader } from '@consorcio/shared/clients';
import type { Clock } from '@consorcio/shared/clock';
import { checkDb, createDb } from '@consorcio/shared/db';
import { CreditServiceService } from '@consorcio/shared/gen/consorcio/credit/v1/credit_service';
import { bindService, startGrpcServer, type Authenticator, type RunningGrpcServer } from '@consorcio/shared/grpc';
import type { Logger } from '@consorcio/shared/log';
import { serveMetrics } from '@consorcio/shared/telemetry';
import { SCHEMA, type CreditDeps } from './app/deps';
import { CREDIT_SUBSCRIPTIONS } from './events/subscriptions';
import { creditServiceHandlers } from './grpc/credit-service';
import type { ObjectStore } from './storage/object-store';

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
  exchange?: string;
  relayPollMs?: number;
  retryDelaysMs?: readonly number[];
  healthIntervalMs?: number;
  metricsPort?: number;
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
  const db = createDb({ url: o.databaseUrl, applicationName: 'credit', poolMax: 16 });
  const amqp: AmqpConnection = await connectAmqp(o.amqpUrl, { name: 'credit', log: o.log, waitForConnect: false });
  const deps: CreditDeps = { db, clock: o.clock, payments: o.payments, documents: o.documents, log: o.log };
  const exchange = o.exchange ? { exchange: o.exchange } : {};
  const relay = new OutboxRelay({
    db,
    schema: SCHEMA,
    connection: amqp,
    log: o.log,
    ...exchange,
    ...(o.relayPollMs ? { pollMs: o.relayPollMs } : {}),
  });
  const consumer = new Consumer({
    connection: amqp,
    db,
    schema: SCHEMA,
    queue: CREDIT_SUBSCRIPTIONS.queue,
    handlers: CREDIT_SUBSCRIPTIONS.handlers,
    prefetch: 8,
    log: o.log,
    ...exchange,
    ...(o.retryDelaysMs ? { retryDelaysMs: o.retryDelaysMs } : {}),
  });
  const grpc = await startGrpcServer(
    [bindService(CreditServiceService, CREDIT_SERVICE_NAME, creditServiceHandlers(deps))],
    {
      log: o.log,
      host: o.host,
      port: o.port,
      dependencies: { postgres: () => checkDb(db), rabbitmq: () => checkAmqp(amqp) },
      authenticate: o.authenticate,
      ...(o.healthIntervalMs ? { healthIntervalMs: o.healthIntervalMs } : {}),
    },
  );
  const metricsServer = o.metricsPort ? await serveMetrics(o.metricsPort) : undefined;
  relay.start();
  const consuming = consumer.start().catch((err: unknown) => o.log.error({ err }, 'consumer failed to start'));
  return {
    grpc,
    deps,
    consuming,
    async stop() {
      await grpc.shutdown();
      metricsServer?.close();
      await consumer.stop();
      await relay.stop();
      await amqp.close().catch(() => undefined);
      await db.destroy();
    },
  };
}
