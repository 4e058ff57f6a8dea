import * as amqp from 'amqplib';
import type { Knex } from 'knex';
import { generateKeyPairPem, type Role } from '@consorcio/shared/auth';
import { eventPublishOptions } from '@consorcio/shared/bus';
import { ControlledClock } from '@consorcio/shared/clock';
import { createDb, migrateUp } from '@consorcio/shared/db';
import { AuditServiceClient, type AuditServiceServer } from '@consorcio/shared/gen/consorcio/audit/v1/audit_service';
import { createClient, promiseClient, type PromiseClient } from '@consorcio/shared/grpc';
import { testTokens, type TestTokens } from '@consorcio/shared/harness';
import { newId } from '@consorcio/shared/ids';
import { createLogger } from '@consorcio/shared/log';
import { infraUrls, uniqueSuffix } from '@consorcio/shared/testing';
import { signingKeyFromPem } from '../../src/app/signing-key';
import { LOG_QUEUE } from '../../src/events/log-consumer';
import { AUDIT_SERVICE_NAME, startAuditService, type RunningAuditService } from '../../src/service';

/** An event as a service's relay publishes it. */
export interface TestEvent {
  eventId: string;
  eventType: string;
  aggregateId: string;
  aggregateVersion: number;
  payloadType: string;
  body: Buffer;
  occurredAt: Date;
}

/** The audit service on a private exchange and a fresh schema, and a way to publish events to it. */
export interface AuditHarness {
  db: Knex;
  audit: RunningAuditService;
  tokens: TestTokens;
  clock: ControlledClock;
  exchange: string;
  signingKeyPem: string;
  /** A client acting with these roles (default AUDITOR). */
  api(roles?: Role[], memberId?: string): PromiseClient<AuditServiceServer>;
  /** Publishes events with publisher confirms (the same event twice is a redelivery). */
  publish(events: readonly TestEvent[]): Promise<void>;
  /** The log's size, read from the database. */
  logSize(): Promise<number>;
  stop(): Promise<void>;
}

let seq = 0;

/** A made-up event of another service: distinct ids, a small protobuf-like body. */
export function testEvent(over: Partial<TestEvent> = {}): TestEvent {
  seq++;
  return {
    eventId: newId(),
    eventType: 'groups.quota.activated',
    aggregateId: `agg-${seq % 7}`,
    aggregateVersion: seq,
    payloadType: 'consorcio.events.v1.QuotaActivated',
    body: Buffer.from(`event body ${seq}`),
    occurredAt: new Date(Date.UTC(2026, 0, 1, 12, 0, 0, seq % 1000)),
    ...over,
  };
}

export async function startAuditHarness(opts: { checkpointIntervalMs?: number } = {}): Promise<AuditHarness> {
  const urls = infraUrls('test');
  const db = createDb({ url: urls.databaseUrl, applicationName: 'audit-test' });
  await db.raw('drop schema if exists audit cascade');
  await migrateUp(db, 'audit');
  const exchange = `consorcio.events.t_${uniqueSuffix()}`;
  const conn = await amqp.connect(urls.amqpUrl);
  const ch = await conn.createConfirmChannel();
  // The log's queue outlives a test: start from an empty one, bound to this test's exchange only.
  for (const q of [LOG_QUEUE, `${LOG_QUEUE}.parked`]) await ch.deleteQueue(q);
  await ch.assertExchange(exchange, 'topic', { durable: true });
  const tokens = testTokens();
  const clock = new ControlledClock('2026-01-10T15:00:00Z');
  const { privateKeyPem } = generateKeyPairPem();
  const audit = await startAuditService({
    databaseUrl: urls.databaseUrl,
    amqpUrl: urls.amqpUrl,
    host: '127.0.0.1',
    port: 0,
    clock,
    log: createLogger({ service: 'audit-test', level: 'silent' }),
    authenticate: tokens.authenticate,
    signing: signingKeyFromPem(privateKeyPem, 'test'),
    checkpointIntervalMs: opts.checkpointIntervalMs ?? 3_600_000,
    exchange,
    relayPollMs: 30,
    healthIntervalMs: 200,
  });
  await audit.consuming;
  const clients: { close(): void }[] = [];
  return {
    db,
    audit,
    tokens,
    clock,
    exchange,
    signingKeyPem: privateKeyPem,
    api(roles = ['AUDITOR'], memberId) {
      const client = createClient(AuditServiceClient, AUDIT_SERVICE_NAME, audit.grpc.address, {
        bearerToken: () => tokens.token(roles, memberId),
      });
      clients.push(client);
      return promiseClient<AuditServiceServer>(client);
    },
    async publish(events) {
      for (const e of events) {
        ch.publish(
          exchange,
          e.eventType,
          e.body,
          eventPublishOptions({
            eventId: e.eventId,
            eventType: e.eventType,
            aggregateId: e.aggregateId,
            aggregateVersion: e.aggregateVersion,
            payloadType: e.payloadType,
            occurredAt: e.occurredAt,
            headers: { correlation_id: `test-${e.eventId}` },
            traceparent: null,
            tracestate: null,
          }),
        );
      }
      await ch.waitForConfirms();
    },
    async logSize() {
      const res = await db.raw<{ rows: { n: bigint }[] }>('select count(*) as n from audit.entries');
      return Number(res.rows[0]?.n ?? 0);
    },
    async stop() {
      for (const c of clients) c.close();
      await audit.stop();
      await ch.deleteExchange(exchange).catch(() => undefined);
      await conn.close().catch(() => undefined);
      await db.destroy();
    },
  };
}
