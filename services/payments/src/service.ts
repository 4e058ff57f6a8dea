import type { ReminderScheduler } from '@consorcio/shared/actors';
import { createRedis } from '@consorcio/shared/cache';
import type { Clock } from '@consorcio/shared/clock';
import { PaymentsServiceService } from '@consorcio/shared/gen/consorcio/payments/v1/payments_service';
import { bindService, type Authenticator, type RunningGrpcServer } from '@consorcio/shared/grpc';
import { LOCK_REDIS_OPTIONS, LockService } from '@consorcio/shared/locks';
import type { Logger } from '@consorcio/shared/log';
import { openServiceRuntime } from '@consorcio/shared/runtime';
import { createLockWaitObserver } from '@consorcio/shared/telemetry';
import { BILLING_REMINDER, billingReminderHandler } from './app/billing-run';
import { DAILY_REMINDER, dailyJobsHandler, scheduleDailyJobs } from './app/daily-jobs';
import { SCHEMA, type PaymentsDeps } from './app/deps';
import { PAYMENTS_SUBSCRIPTIONS } from './events/subscriptions';
import { paymentsServiceHandlers } from './grpc/payments-service';
import type { PaymentProvider } from './provider/payment-provider';
import { paymentsReportsModule, type PaymentsReportsModule } from './reports/reports-module';
import type { SettingsClientOptions } from '@consorcio/shared/settings';

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
  /** Where to serve Prometheus metrics (none when absent). */
  metrics?: { port: number; host: string };
  /** Reports: scheduled refresh of their views (default 5 min; 0: on demand only) and cache TTL (default 60 s). */
  reports?: { refreshIntervalMs?: number; cacheTtlSeconds?: number };
  /** Where the settings service is (the reports' cache TTL follows it); absent: the catalogue defaults. */
  settings?: SettingsClientOptions | undefined;
}

export interface RunningPaymentsService {
  grpc: RunningGrpcServer;
  deps: PaymentsDeps;
  reminders: ReminderScheduler;
  /** Settles once the consumer's queue is bound and consuming (tests wait for it before emitting events). */
  consuming: Promise<void>;
  reports: PaymentsReportsModule;
  stop(): Promise<void>;
}

/**
 * The whole payments service in one process: gRPC API (health and reflection included), the outbox relay, the
 * consumer of groups' events, and the durable timers of billing and the daily delinquency run. Replicas share the
 * database, Redis (locks) and the broker; any number may run.
 */
export async function startPaymentsService(o: PaymentsServiceOptions): Promise<RunningPaymentsService> {
  // Room for the API, a billing run's chunks, the relay's and scheduler's leases and the consumer's prefetch.
  const runtime = await openServiceRuntime({ ...o, service: SCHEMA, poolMax: 24 });
  const db = runtime.db;
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
  const deps: PaymentsDeps = { db, clock: o.clock, locks, provider: o.provider, log: o.log };
  // The daily jobs' chain of reminders starts with today's (a no-op when it already exists).
  await scheduleDailyJobs(db, o.clock.today());
  const reports = paymentsReportsModule(deps, {
    redis,
    refreshIntervalMs: o.reports?.refreshIntervalMs ?? 300_000,
    cacheTtlSeconds: o.reports?.cacheTtlSeconds ?? (() => runtime.settings.seconds('reports.cache_ttl_seconds')),
  });
  const running = await runtime.serve({
    bindings: [
      bindService(PaymentsServiceService, PAYMENTS_SERVICE_NAME, paymentsServiceHandlers(deps)),
      reports.binding,
    ],
    workers: reports.workers,
    host: o.host,
    port: o.port,
    authenticate: o.authenticate,
    subscriptions: PAYMENTS_SUBSCRIPTIONS,
    dependencies: { redis: async () => (await redis.ping().catch(() => '')) === 'PONG' },
    reminders: {
      clock: o.clock,
      handlers: { [BILLING_REMINDER]: billingReminderHandler(deps), [DAILY_REMINDER]: dailyJobsHandler(deps) },
      ...(o.reminderPollMs ? { pollMs: o.reminderPollMs } : {}),
    },
    onStop: () => redis.disconnect(),
    healthIntervalMs: o.healthIntervalMs,
    metrics: o.metrics,
  });
  return {
    grpc: running.grpc,
    deps,
    reminders: running.reminders!,
    consuming: running.consuming,
    reports,
    stop: () => running.stop(),
  };
}
