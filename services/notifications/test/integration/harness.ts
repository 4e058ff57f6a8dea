import * as amqp from 'amqplib';
import type { Knex } from 'knex';
import type { Role } from '@consorcio/shared/auth';
import { ControlledClock } from '@consorcio/shared/clock';
import { createDb, migrateUp } from '@consorcio/shared/db';
import {
  NotificationsServiceClient,
  type NotificationsServiceServer,
} from '@consorcio/shared/gen/consorcio/notifications/v1/notifications_service';
import { createClient, promiseClient, type PromiseClient } from '@consorcio/shared/grpc';
import { deleteConsumerQueues, publishEvent, testTokens, type TestTokens } from '@consorcio/shared/harness';
import { newId } from '@consorcio/shared/ids';
import { createLogger } from '@consorcio/shared/log';
import { infraUrls, TEST_RETRY_DELAYS_MS, uniqueSuffix } from '@consorcio/shared/testing';
import { groupsContactBook } from '../../src/channels/contacts';
import { smtpTransport } from '../../src/channels/email';
import { httpMessageProvider } from '../../src/channels/http-message-provider';
import { INBOUND_QUEUE } from '../../src/events/subscriptions';
import {
  NOTIFICATIONS_SERVICE_NAME,
  startNotificationsService,
  type RunningNotificationsService,
} from '../../src/service';
import { startFakeGroups, type FakeGroups } from '../support/fake-groups';
import { startHttpSink, type HttpSink } from '../support/http-sink';
import type { SampleEvent } from '../support/sample-events';
import { startSmtpSink, type SmtpSink } from '../support/smtp-sink';

/** An event to publish: a sample plus the id and version its relay would give it. */
export interface TestEvent extends SampleEvent {
  eventId: string;
  version: number;
}

/**
 * The notifications service on a fresh schema and a private exchange, with a real SMTP server, an SMS/push gateway
 * (an HTTP sink), and a fake of groups' GetMember — all on 127.0.0.1 and ephemeral ports.
 */
export interface NotificationsHarness {
  db: Knex;
  service: RunningNotificationsService;
  tokens: TestTokens;
  clock: ControlledClock;
  smtp: SmtpSink;
  gateway: HttpSink;
  groups: FakeGroups;
  /** A client acting with these roles (default OPERATOR). */
  api(roles?: Role[], memberId?: string): PromiseClient<NotificationsServiceServer>;
  /** Publishes with publisher confirms; the same TestEvent twice is a redelivery. */
  publish(events: readonly TestEvent[]): Promise<void>;
  stop(): Promise<void>;
}

/** A sample with a fresh event id. */
export const withId = (e: SampleEvent, version = 1): TestEvent => ({ ...e, eventId: newId(), version });

export async function startNotificationsHarness(): Promise<NotificationsHarness> {
  const urls = infraUrls('test');
  const db = createDb({ url: urls.databaseUrl, applicationName: 'notifications-test' });
  await db.raw('drop schema if exists notifications cascade');
  await migrateUp(db, 'notifications');
  const exchange = `consorcio.events.t_${uniqueSuffix()}`;
  const conn = await amqp.connect(urls.amqpUrl);
  const ch = await conn.createConfirmChannel();
  // The queue outlives a run: start from an empty one, bound to this run's exchange only.
  await deleteConsumerQueues(ch, [INBOUND_QUEUE]);
  await ch.assertExchange(exchange, 'topic', { durable: true });
  const tokens = testTokens();
  const clock = new ControlledClock('2026-01-10T15:00:00Z');
  const smtp = await startSmtpSink();
  const gateway = await startHttpSink();
  const groups = await startFakeGroups(tokens.authenticate);
  const contacts = groupsContactBook(groups.address, () => tokens.token(['SERVICE']));
  const service = await startNotificationsService({
    databaseUrl: urls.databaseUrl,
    amqpUrl: urls.amqpUrl,
    host: '127.0.0.1',
    port: 0,
    clock,
    log: createLogger({ service: 'notifications-test', level: 'silent' }),
    authenticate: tokens.authenticate,
    contacts,
    mail: smtpTransport(smtp.url),
    mailFrom: 'Consórcio Teste <avisos@consorcio.test>',
    sms: httpMessageProvider({ url: `${gateway.url}/sms`, token: 'sms-token' }),
    push: httpMessageProvider({ url: `${gateway.url}/push`, token: 'push-token' }),
    retry: { maxAttempts: 5, baseMs: 40, capMs: 200 },
    dueSoonDays: 3,
    deliveryPollMs: 25,
    exchange,
    relayPollMs: 30,
    retryDelaysMs: TEST_RETRY_DELAYS_MS,
    reminderPollMs: 3_600_000,
    healthIntervalMs: 200,
  });
  await service.consuming;
  const clients: { close(): void }[] = [];
  return {
    db,
    service,
    tokens,
    clock,
    smtp,
    gateway,
    groups,
    api(roles = ['OPERATOR'], memberId) {
      const client = createClient(NotificationsServiceClient, NOTIFICATIONS_SERVICE_NAME, service.grpc.address, {
        bearerToken: () => tokens.token(roles, memberId),
      });
      clients.push(client);
      return promiseClient<NotificationsServiceServer>(client);
    },
    async publish(events) {
      for (const e of events) publishEvent(ch, exchange, { ...e, occurredAt: clock.now() });
      await ch.waitForConfirms();
    },
    async stop() {
      for (const c of clients) c.close();
      await service.stop();
      contacts.close();
      await groups.close();
      await gateway.close();
      await smtp.close();
      await ch.deleteExchange(exchange).catch(() => undefined);
      // Leave no queue behind: its test retry delays would clash with another run's (x-message-ttl).
      await deleteConsumerQueues(ch, [INBOUND_QUEUE]).catch(() => undefined);
      await conn.close().catch(() => undefined);
      await db.destroy();
    },
  };
}
