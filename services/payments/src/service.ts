import { ReminderScheduler } from '@consorcio/shared/actors';
import { checkAmqp, connectAmqp, Consumer, OutboxRelay, type AmqpConnection } from '@consorcio/shared/bus';
import { createRedis } from '@consorcio/shared/cache';
import type { Clock } from '@consorcio/shared/clock';
import { checkDb, createDb } from '@consorcio/shared/db';
import { PaymentsServiceService } from '@consorcio/shared/gen/consorcio/payments/v1/payments_service';
import { bindService, startGrpcServer, type Authenticator, type RunningGrpcServer } from '@consorcio/shared/grpc';
import { LOCK_REDIS_OPTIONS, LockService } from '@consorcio/shared/locks';
import type { Logger } from '@consorcio/shared/log';
import { createLockWaitObserver, serveMetrics } from '@consorcio/shared/telemetry';
import { BILLING_REMINDER, billingReminderHandler } from './app/billing-run';
import { DAILY_REMINDER, dailyJobsHandler, scheduleDailyJobs } from './app/daily-jobs';
import { SCHEMA, type PaymentsDeps } from './app/deps';
import { PAYMENTS_SUBSCRIPTIONS } from './events/subscriptions';
import { paymentsServiceHandlers } from './grpc/payments-service';
import type { PaymentProvider } from './provider/payment-provider';

export const PAYMENTS_SERVICE_NAME = 'consorcio.payments.v1.PaymentsService';

export interface PaymentsServiceOptions {
  databaseUrl: string;
  amqpUrl: string;
  redisUrl: string;
  host: string;
  port: number;
  clock: Clock;
  log: Logger;
  authenticate: Authenticator;
  provider: PaymentProvider;
  /** Exchange the relay publishes to and the consumer reads from (default consorcio.events). */
  exchange?: string;
  relayPollMs?: number;
  retryDelaysMs?: readonly number[];
  healthIntervalMs?: number;
  reminderPollMs?: number;
  /** Lock acquisition: attempts and pause (defaults suit a record paid a few times at once). */
  lockRetryCount?: number;
  lockRetryDelayMs?: number;
  metricsPort?: number;
}

export interface RunningPaymentsService {
  grpc: RunningGrpcServer;
  deps: PaymentsDeps;
  reminders: ReminderScheduler;
  /** Settles once the consumer's queue is bound and consuming (tests wait for it before emitting events). */
  consuming: Promise<void>;
  stop(): Promise<void>;
}

/**
 * The whole payments service in one process: gRPC API (health and reflection included), the outbox relay, the
 * consumer of groups' events, and the durable timers of billing and the daily delinquency run. Replicas share the
 * database, Redis (locks) and the broker; any number may run.
 */
export async function startPaymentsService(o: PaymentsServiceOptions): Promise<RunningPaymentsService> {
  // Room for the API, a billing run's chunks, the relay's and scheduler's leases and the consumer's prefetch.
  const db = createDb({ url: o.databaseUrl, applicationName: 'payments', poolMax: 24 });
  const redis = createRedis(o.redisUrl, { ...LOCK_REDIS_OPTIONS, log: o.log });
  const locks = new LockService({
    redis,
    db,
    schema: SCHEMA,
    log: o.log,
    retryCount: o.lockRetryCount ?? 40,
    retryDelayMs: o.lockRetryDelayMs ?? 50,
    retryJitterMs: 25,
    onLockWait: createLockWaitObserver(),
  });
  const amqp: AmqpConnection = await connectAmqp(o.amqpUrl, { name: 'payments', log: o.log, waitForConnect: false });
  const deps: PaymentsDeps = { db, clock: o.clock, locks, provider: o.provider, log: o.log };
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
    queue: PAYMENTS_SUBSCRIPTIONS.queue,
    handlers: PAYMENTS_SUBSCRIPTIONS.handlers,
    prefetch: 8,
    log: o.log,
    ...exchange,
    ...(o.retryDelaysMs ? { retryDelaysMs: o.retryDelaysMs } : {}),
  });
  const binding = bindService(PaymentsServiceService, PAYMENTS_SERVICE_NAME, paymentsServiceHandlers(deps));
  const grpc = await startGrpcServer([binding], {
    log: o.log,
    host: o.host,
    port: o.port,
    dependencies: {
      postgres: () => checkDb(db),
      rabbitmq: () => checkAmqp(amqp),
      redis: async () => (await redis.ping().catch(() => '')) === 'PONG',
    },
    authenticate: o.authenticate,
    ...(o.healthIntervalMs ? { healthIntervalMs: o.healthIntervalMs } : {}),
  });
  const reminders = new ReminderScheduler({
    db,
    schema: SCHEMA,
    clock: o.clock,
    handlers: {
      [BILLING_REMINDER]: billingReminderHandler(deps),
      [DAILY_REMINDER]: dailyJobsHandler(deps),
    },
    log: o.log,
    ...(o.reminderPollMs ? { pollMs: o.reminderPollMs } : {}),
  });
  // The daily jobs' chain of reminders starts with today's (a no-op when it already exists).
  await scheduleDailyJobs(db, o.clock.today());
  const metricsServer = o.metricsPort ? await serveMetrics(o.metricsPort) : undefined;
  relay.start();
  reminders.start();
  // The consumer starts in the background: the API serves even while the broker is still coming up.
  const consuming = consumer.start().catch((err: unknown) => o.log.error({ err }, 'consumer failed to start'));
  return {
    grpc,
    deps,
    reminders,
    consuming,
    async stop() {
      await grpc.shutdown();
      metricsServer?.close();
      await consumer.stop();
      await reminders.stop();
      await relay.stop();
      await amqp.close().catch(() => undefined);
      redis.disconnect();
      await db.destroy();
    },
  };
}
