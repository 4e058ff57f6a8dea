import { Mailbox, type ReminderScheduler } from '@consorcio/shared/actors';
import { createRedis } from '@consorcio/shared/cache';
import type { Clock } from '@consorcio/shared/clock';
import { DrawsServiceService } from '@consorcio/shared/gen/consorcio/draws/v1/draws_service';
import { bindService, type Authenticator, type RunningGrpcServer } from '@consorcio/shared/grpc';
import { LOCK_REDIS_OPTIONS, LockService } from '@consorcio/shared/locks';
import type { Logger } from '@consorcio/shared/log';
import { openServiceRuntime } from '@consorcio/shared/runtime';
import { createLockWaitObserver } from '@consorcio/shared/telemetry';
import { SCHEMA, type DrawsDeps, type PaymentsReader } from './app/deps';
import { ASSEMBLY_MAILBOX, assemblyCommandHandler, encodeCommand, sendingReminder } from './app/assembly-mailbox';
import { ASSEMBLY_COMMAND_REMINDER } from './app/calendar-reminders';
import { DRAWS_SUBSCRIPTIONS } from './events/subscriptions';
import { drawsServiceHandlers } from './grpc/draws-service';
import { drawsReportsModule, type DrawsReportsModule } from './reports/reports-module';
import type { SettingsClientOptions } from '@consorcio/shared/settings';

export const DRAWS_SERVICE_NAME = 'consorcio.draws.v1.DrawsService';

export interface DrawsServiceOptions {
  databaseUrl: string;
  amqpUrl: string;
  redisUrl: string;
  host: string;
  port: number;
  clock: Clock;
  log: Logger;
  authenticate: Authenticator;
  /** Reads of payments (fund balances, records' percentages) for the snapshot. */
  payments: PaymentsReader;
  exchange?: string;
  relayPollMs?: number;
  retryDelaysMs?: readonly number[];
  healthIntervalMs?: number;
  reminderPollMs?: number;
  /** The assembly mailbox's exchange (default consorcio.actors.assembly; tests use their own). */
  mailboxExchange?: string;
  /** Lock time to live (tests shorten it to make a holder lose its lock). */
  lockTtlMs?: number;
  /** Where to serve Prometheus metrics (none when absent). */
  metrics?: { port: number; host: string };
  /** Reports: scheduled refresh of their views (default 5 min; 0: on demand only) and cache TTL (default 60 s). */
  reports?: { refreshIntervalMs?: number; cacheTtlSeconds?: number };
  /** Where the settings service is (the reports' cache TTL follows it); absent: the catalogue defaults. */
  settings?: SettingsClientOptions | undefined;
}

export interface RunningDrawsService {
  grpc: RunningGrpcServer;
  deps: DrawsDeps;
  reminders: ReminderScheduler;
  consuming: Promise<void>;
  reports: DrawsReportsModule;
  stop(): Promise<void>;
}

/**
 * The whole draws service in one process: gRPC API, outbox relay, the consumer of groups', payments' and credit's
 * events, the durable timers of the assembly calendar and the bid deadlines, and the per-group assembly mailbox they
 * send to. Replicas share the database, Redis and the broker.
 */
export async function startDrawsService(o: DrawsServiceOptions): Promise<RunningDrawsService> {
  const runtime = await openServiceRuntime({ ...o, service: SCHEMA, poolMax: 20 });
  const db = runtime.db;
  const redis = createRedis(o.redisUrl, { ...LOCK_REDIS_OPTIONS, log: o.log });
  const locks = new LockService({
    redis,
    db,
    schema: SCHEMA,
    log: o.log,
    onLockWait: createLockWaitObserver(),
    ...(o.lockTtlMs ? { ttlMs: o.lockTtlMs } : {}),
  });
  const deps: DrawsDeps = { db, clock: o.clock, locks, payments: o.payments, log: o.log };
  const mailbox = new Mailbox({
    connection: runtime.amqp,
    db,
    schema: SCHEMA,
    service: 'draws',
    name: ASSEMBLY_MAILBOX,
    log: o.log,
    ...(o.mailboxExchange ? { exchange: o.mailboxExchange } : {}),
    ...(o.retryDelaysMs ? { retryDelaysMs: o.retryDelaysMs } : {}),
  });
  const reports = drawsReportsModule(deps, {
    redis,
    refreshIntervalMs: o.reports?.refreshIntervalMs ?? 300_000,
    cacheTtlSeconds: o.reports?.cacheTtlSeconds ?? (() => runtime.settings.seconds('reports.cache_ttl_seconds')),
  });
  const running = await runtime.serve({
    bindings: [bindService(DrawsServiceService, DRAWS_SERVICE_NAME, drawsServiceHandlers(deps)), reports.binding],
    workers: reports.workers,
    host: o.host,
    port: o.port,
    authenticate: o.authenticate,
    subscriptions: DRAWS_SUBSCRIPTIONS,
    dependencies: { redis: async () => (await redis.ping().catch(() => '')) === 'PONG' },
    reminders: {
      clock: o.clock,
      handlers: {
        [ASSEMBLY_COMMAND_REMINDER]: sendingReminder(async (groupId, command) => {
          await mailbox.send(groupId, command.type, encodeCommand(command));
        }),
      },
      ...(o.reminderPollMs ? { pollMs: o.reminderPollMs } : {}),
    },
    mailboxes: [{ mailbox, handler: assemblyCommandHandler(deps) }],
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
