import { Mailbox, ReminderScheduler } from '@consorcio/shared/actors';
import { checkAmqp, connectAmqp, Consumer, OutboxRelay, type AmqpConnection } from '@consorcio/shared/bus';
import { createRedis } from '@consorcio/shared/cache';
import type { Clock } from '@consorcio/shared/clock';
import { checkDb, createDb } from '@consorcio/shared/db';
import { DrawsServiceService } from '@consorcio/shared/gen/consorcio/draws/v1/draws_service';
import { bindService, startGrpcServer, type Authenticator, type RunningGrpcServer } from '@consorcio/shared/grpc';
import { LOCK_REDIS_OPTIONS, LockService } from '@consorcio/shared/locks';
import type { Logger } from '@consorcio/shared/log';
import { createLockWaitObserver, serveMetrics } from '@consorcio/shared/telemetry';
import { SCHEMA, type DrawsDeps, type PaymentsReader } from './app/deps';
import { ASSEMBLY_MAILBOX, assemblyCommandHandler, encodeCommand, sendingReminder } from './app/assembly-mailbox';
import { ASSEMBLY_COMMAND_REMINDER } from './app/calendar-reminders';
import { DRAWS_SUBSCRIPTIONS } from './events/subscriptions';
import { drawsServiceHandlers } from './grpc/draws-service';

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
  metricsPort?: number;
}

export interface RunningDrawsService {
  grpc: RunningGrpcServer;
  deps: DrawsDeps;
  reminders: ReminderScheduler;
  consuming: Promise<void>;
  stop(): Promise<void>;
}

/**
 * The whole draws service in one process: gRPC API, outbox relay, the consumer of groups', payments' and credit's
 * events, the durable timers of the assembly calendar and the bid deadlines, and the per-group assembly mailbox they
 * send to. Replicas share the database, Redis and the broker.
 */
export async function startDrawsService(o: DrawsServiceOptions): Promise<RunningDrawsService> {
  const db = createDb({ url: o.databaseUrl, applicationName: 'draws', poolMax: 20 });
  const redis = createRedis(o.redisUrl, { ...LOCK_REDIS_OPTIONS, log: o.log });
  const locks = new LockService({
    redis,
    db,
    schema: SCHEMA,
    log: o.log,
    onLockWait: createLockWaitObserver(),
    ...(o.lockTtlMs ? { ttlMs: o.lockTtlMs } : {}),
  });
  const amqp: AmqpConnection = await connectAmqp(o.amqpUrl, { name: 'draws', log: o.log, waitForConnect: false });
  const deps: DrawsDeps = { db, clock: o.clock, locks, payments: o.payments, log: o.log };
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
    queue: DRAWS_SUBSCRIPTIONS.queue,
    handlers: DRAWS_SUBSCRIPTIONS.handlers,
    prefetch: 8,
    log: o.log,
    ...exchange,
    ...(o.retryDelaysMs ? { retryDelaysMs: o.retryDelaysMs } : {}),
  });
  const binding = bindService(DrawsServiceService, DRAWS_SERVICE_NAME, drawsServiceHandlers(deps));
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
  const mailbox = new Mailbox({
    connection: amqp,
    db,
    schema: SCHEMA,
    service: 'draws',
    name: ASSEMBLY_MAILBOX,
    log: o.log,
    ...(o.mailboxExchange ? { exchange: o.mailboxExchange } : {}),
    ...(o.retryDelaysMs ? { retryDelaysMs: o.retryDelaysMs } : {}),
  });
  const reminders = new ReminderScheduler({
    db,
    schema: SCHEMA,
    clock: o.clock,
    handlers: {
      [ASSEMBLY_COMMAND_REMINDER]: sendingReminder(async (groupId, command) => {
        await mailbox.send(groupId, command.type, encodeCommand(command));
      }),
    },
    log: o.log,
    ...(o.reminderPollMs ? { pollMs: o.reminderPollMs } : {}),
  });
  const metricsServer = o.metricsPort ? await serveMetrics(o.metricsPort) : undefined;
  relay.start();
  reminders.start();
  const consuming = Promise.all([consumer.start(), mailbox.start(assemblyCommandHandler(deps))]).then(
    () => undefined,
    (err: unknown) => o.log.error({ err }, 'consumer or mailbox failed to start'),
  );
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
      await mailbox.stop();
      await relay.stop();
      await amqp.close().catch(() => undefined);
      redis.disconnect();
      await db.destroy();
    },
  };
}
