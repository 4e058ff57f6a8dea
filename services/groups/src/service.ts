import { checkAmqp, connectAmqp, Consumer, OutboxRelay, type AmqpConnection } from '@consorcio/shared/bus';
import type { Clock } from '@consorcio/shared/clock';
import { ReminderScheduler } from '@consorcio/shared/actors';
import { checkDb, createDb } from '@consorcio/shared/db';
import { GroupsServiceService } from '@consorcio/shared/gen/consorcio/groups/v1/groups_service';
import { bindService, startGrpcServer, type Authenticator, type RunningGrpcServer } from '@consorcio/shared/grpc';
import type { Logger } from '@consorcio/shared/log';
import { serveMetrics } from '@consorcio/shared/telemetry';
import { GROUPS_SUBSCRIPTIONS } from './events/subscriptions';
import { groupsServiceHandlers } from './grpc/groups-service';
import { SCHEMA } from './app/deps';
import { FORMATION_DEADLINE_REMINDER, formationDeadlineHandler } from './app/formation-deadline';

export const GROUPS_SERVICE_NAME = 'consorcio.groups.v1.GroupsService';

export interface GroupsServiceOptions {
  databaseUrl: string;
  amqpUrl: string;
  host: string;
  port: number;
  clock: Clock;
  log: Logger;
  /** Verifies callers' access tokens (see `authenticatorFromConfig`). */
  authenticate: Authenticator;
  /** Exchange the relay publishes to and the consumer reads from (default consorcio.events). */
  exchange?: string;
  relayPollMs?: number;
  retryDelaysMs?: readonly number[];
  healthIntervalMs?: number;
  reminderPollMs?: number;
  /** Serve Prometheus metrics on this port (127.0.0.1) when set. */
  metricsPort?: number;
}

export interface RunningGroupsService {
  grpc: RunningGrpcServer;
  /** The durable timers of this service (tests and simulations call `fireDue()` after moving the clock). */
  reminders: ReminderScheduler;
  stop(): Promise<void>;
}

/**
 * The whole groups service in one process: gRPC API (health and reflection included), the outbox
 * relay and the consumer of payments' events. main.ts starts it from the environment; integration
 * tests start it on port 0 against the test servers.
 */
export async function startGroupsService(o: GroupsServiceOptions): Promise<RunningGroupsService> {
  // Room for the API, the relay's and the scheduler's leases, and the consumer's prefetch (below).
  const db = createDb({ url: o.databaseUrl, applicationName: 'groups', poolMax: 20 });
  const amqp: AmqpConnection = await connectAmqp(o.amqpUrl, { name: 'groups', log: o.log, waitForConnect: false });
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
    queue: GROUPS_SUBSCRIPTIONS.queue,
    handlers: GROUPS_SUBSCRIPTIONS.handlers,
    // Each delivery holds a pooled connection for its transaction: keep well under the pool size.
    prefetch: 8,
    log: o.log,
    ...exchange,
    ...(o.retryDelaysMs ? { retryDelaysMs: o.retryDelaysMs } : {}),
  });
  const binding = bindService(GroupsServiceService, GROUPS_SERVICE_NAME, groupsServiceHandlers({ db, clock: o.clock }));
  const grpc = await startGrpcServer([binding], {
    log: o.log,
    host: o.host,
    port: o.port,
    dependencies: { postgres: () => checkDb(db), rabbitmq: () => checkAmqp(amqp) },
    authenticate: o.authenticate,
    ...(o.healthIntervalMs ? { healthIntervalMs: o.healthIntervalMs } : {}),
  });
  const reminders = new ReminderScheduler({
    db,
    schema: SCHEMA,
    clock: o.clock,
    handlers: { [FORMATION_DEADLINE_REMINDER]: formationDeadlineHandler(o.clock) },
    log: o.log,
    ...(o.reminderPollMs ? { pollMs: o.reminderPollMs } : {}),
  });
  const metricsServer = o.metricsPort ? await serveMetrics(o.metricsPort) : undefined;
  relay.start();
  reminders.start();
  // The consumer starts in the background: the API serves even while the broker is still coming up.
  void consumer.start().catch((err: unknown) => o.log.error({ err }, 'consumer failed to start'));
  return {
    grpc,
    reminders,
    async stop() {
      await grpc.shutdown();
      metricsServer?.close();
      await consumer.stop();
      await reminders.stop();
      await relay.stop();
      await amqp.close().catch(() => undefined);
      await db.destroy();
    },
  };
}
