import type { Knex } from 'knex';
import { ReminderScheduler, type ActorHandler, type Mailbox, type ReminderHandler } from '../actors';
import { checkAmqp, connectAmqp, Consumer, OutboxRelay, type AmqpConnection, type EventHandler } from '../bus';
import type { Clock } from '../clock';
import { checkDb, createDb } from '../db';
import {
  startGrpcServer,
  type Authenticator,
  type DependencyCheck,
  type RunningGrpcServer,
  type ServiceBinding,
} from '../grpc';
import type { Logger } from '../log';
import { openServiceSettings, type Settings, type SettingsClientOptions } from '../settings';
import { createOutboxMetrics, serveMetrics } from '../telemetry';

/** Where a service's runtime connects and how its messaging is tuned. */
export interface RuntimeOptions {
  /** The service's name: its database application name, its broker connection name and its schema. */
  service: string;
  databaseUrl: string;
  amqpUrl: string;
  /** Connections for the API, the relay's and reminders' leases and the consumer's prefetch. */
  poolMax: number;
  log: Logger;
  /** Exchange the relay publishes to and the consumer reads from (default consorcio.events). */
  exchange?: string | undefined;
  relayPollMs?: number | undefined;
  retryDelaysMs?: readonly number[] | undefined;
  /** Where the settings service is (see `settingsClientFromConfig`); absent: the catalogue defaults only. */
  settings?: SettingsClientOptions | undefined;
}

/** What the service serves once its dependencies are built on the runtime's database and broker. */
export interface ServeOptions {
  bindings: ServiceBinding[];
  host: string;
  port: number;
  authenticate: Authenticator;
  healthIntervalMs?: number | undefined;
  /** Where to serve Prometheus metrics (none when absent): loopback locally, 0.0.0.0 in a container. */
  metrics?: { port: number; host: string } | undefined;
  /** The events it consumes: one queue bound to these routing keys. */
  subscriptions?: { queue: string; handlers: Record<string, EventHandler> };
  /** Its other background workers (a batch consumer, a leased loop): started with the rest, stopped before the relay. */
  workers?: { start(): Promise<void> | void; stop(): Promise<void> }[];
  /** Health dependencies besides PostgreSQL and RabbitMQ (Redis, say). */
  dependencies?: Record<string, DependencyCheck>;
  reminders?: { clock: Clock; handlers: Readonly<Record<string, ReminderHandler>>; pollMs?: number };
  mailboxes?: { mailbox: Mailbox; handler: ActorHandler }[];
  /** Extra clean-up after everything else stopped (a Redis client, a client channel). */
  onStop?: () => Promise<void> | void;
}

export interface RunningRuntime {
  grpc: RunningGrpcServer;
  reminders: ReminderScheduler | undefined;
  /** Settles once the consumer (and the mailboxes) consume; the API serves meanwhile. */
  consuming: Promise<void>;
  stop(): Promise<void>;
}

export interface ServiceRuntime {
  db: Knex;
  amqp: AmqpConnection;
  /** The platform's settings, loaded at serve and kept current by change events (catalogue defaults without a client). */
  settings: Settings;
  serve(o: ServeOptions): Promise<RunningRuntime>;
}

/**
 * What every service process is made of, once: its database pool and broker connection, the outbox relay, the
 * consumer of its subscriptions, its durable reminders and mailboxes, the gRPC server with health (PostgreSQL,
 * RabbitMQ and what the service adds) and reflection, metrics, and the orderly stop (API first, then consumers,
 * timers, relay, connections). A service builds its dependencies on `db` between `openServiceRuntime` and `serve`.
 */
export async function openServiceRuntime(o: RuntimeOptions): Promise<ServiceRuntime> {
  const db = createDb({ url: o.databaseUrl, applicationName: o.service, poolMax: o.poolMax });
  const amqp = await connectAmqp(o.amqpUrl, { name: o.service, log: o.log, waitForConnect: false });
  const exchange = o.exchange ? { exchange: o.exchange } : {};
  const settings = openServiceSettings({
    service: o.service,
    client: o.settings,
    amqp,
    exchange: o.exchange,
    log: o.log,
  });
  return {
    db,
    amqp,
    settings: settings.settings,
    async serve(s) {
      // Before the API serves, so its first requests see the values in force (defaults if that fails).
      await settings.start();
      const outboxMetrics = createOutboxMetrics();
      const relay = new OutboxRelay({
        db,
        schema: o.service,
        connection: amqp,
        log: o.log,
        onPoll: ({ published, lagSeconds }) => {
          if (published > 0) outboxMetrics.published.inc(published);
          else outboxMetrics.lagSeconds.set(lagSeconds);
        },
        onFailure: () => outboxMetrics.publishFailures.inc(),
        ...exchange,
        ...(o.relayPollMs ? { pollMs: o.relayPollMs } : {}),
      });
      const consumers = [...(s.workers ?? [])];
      if (s.subscriptions) {
        consumers.push(
          new Consumer({
            connection: amqp,
            db,
            schema: o.service,
            queue: s.subscriptions.queue,
            handlers: s.subscriptions.handlers,
            // Each delivery holds a pooled connection for its transaction: keep well under the pool size.
            prefetch: 8,
            log: o.log,
            ...exchange,
            ...(o.retryDelaysMs ? { retryDelaysMs: o.retryDelaysMs } : {}),
          }),
        );
      }
      const grpc = await startGrpcServer(s.bindings, {
        log: o.log,
        host: s.host,
        port: s.port,
        dependencies: { postgres: () => checkDb(db), rabbitmq: () => checkAmqp(amqp), ...s.dependencies },
        authenticate: s.authenticate,
        ...(s.healthIntervalMs ? { healthIntervalMs: s.healthIntervalMs } : {}),
      });
      const reminders = s.reminders
        ? new ReminderScheduler({
            db,
            schema: o.service,
            clock: s.reminders.clock,
            handlers: s.reminders.handlers,
            log: o.log,
            ...(s.reminders.pollMs ? { pollMs: s.reminders.pollMs } : {}),
          })
        : undefined;
      const metricsServer = s.metrics ? await serveMetrics(s.metrics.port, s.metrics.host) : undefined;
      relay.start();
      reminders?.start();
      // The consumers start in the background: the API serves even while the broker is still coming up.
      const consuming = Promise.all([
        settings.listen(),
        ...consumers.map((c) => c.start()),
        ...(s.mailboxes ?? []).map((m) => m.mailbox.start(m.handler)),
      ]).then(
        () => undefined,
        (err: unknown) => o.log.error({ err }, 'consumer failed to start'),
      );
      return {
        grpc,
        reminders,
        consuming,
        async stop() {
          await grpc.shutdown();
          metricsServer?.close();
          for (const c of consumers) await c.stop();
          await settings.stop();
          await reminders?.stop();
          for (const m of s.mailboxes ?? []) await m.mailbox.stop();
          await relay.stop();
          await amqp.close().catch(() => undefined);
          await s.onStop?.();
          await db.destroy();
        },
      };
    },
  };
}
