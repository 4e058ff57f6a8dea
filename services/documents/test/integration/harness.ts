import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as amqp from 'amqplib';
import type { Knex } from 'knex';
import type { Role } from '@consorcio/shared/auth';
import { ControlledClock } from '@consorcio/shared/clock';
import { createDb, migrateUp } from '@consorcio/shared/db';
import {
  DocumentsServiceClient,
  type DocumentsServiceServer,
} from '@consorcio/shared/gen/consorcio/documents/v1/documents_service';
import { createClient, promiseClient, type PromiseClient } from '@consorcio/shared/grpc';
import {
  deleteConsumerQueues,
  publishEvent,
  testTokens,
  type RelayedEvent,
  type TestTokens,
} from '@consorcio/shared/harness';
import { createLogger } from '@consorcio/shared/log';
import { LocalDiskStore, type ObjectStore } from '@consorcio/shared/storage';
import { infraUrls, TEST_RETRY_DELAYS_MS, uniqueSuffix } from '@consorcio/shared/testing';
import { startS3rver, type S3rverHarness } from '../../../../shared/test/integration/storage/s3rver-harness';
import { DOCUMENTS_SERVICE_NAME, startDocumentsService, type RunningDocumentsService } from '../../src/service';

/** An event of another service, as its relay would publish it. */
export type OtherEvent = RelayedEvent;

/** The documents service on a fresh schema, a private exchange and an object store of the chosen kind. */
export interface DocumentsHarness {
  db: Knex;
  service: RunningDocumentsService;
  store: ObjectStore;
  tokens: TestTokens;
  clock: ControlledClock;
  /** A client acting with these roles (default OPERATOR), as a member when `memberId` is given. */
  api(roles?: Role[], memberId?: string): PromiseClient<DocumentsServiceServer>;
  /** Publishes another service's events with confirms. */
  publish(...events: OtherEvent[]): Promise<void>;
  /** Events this service put in its outbox, by routing key. */
  outbox(eventType: string): Promise<{ aggregate_id: string; payload: Buffer }[]>;
  stop(): Promise<void>;
}

export async function startDocumentsHarness(
  o: { store?: 'disk' | 's3'; maxUploadBytes?: number } = {},
): Promise<DocumentsHarness> {
  const urls = infraUrls('test');
  const db = createDb({ url: urls.databaseUrl, applicationName: 'documents-test' });
  await db.raw('drop schema if exists documents cascade');
  await migrateUp(db, 'documents');
  const exchange = `consorcio.events.t_${uniqueSuffix()}`;
  const conn = await amqp.connect(urls.amqpUrl);
  const ch = await conn.createConfirmChannel();
  // The inbound queue outlives a test: start from an empty one, bound to this test's exchange only.
  await deleteConsumerQueues(ch, ['documents.inbound']);
  await ch.assertExchange(exchange, 'topic', { durable: true });
  let s3: S3rverHarness | undefined;
  let dir: string | undefined;
  let store: ObjectStore;
  if (o.store === 's3') {
    s3 = await startS3rver();
    store = s3.store('documents/');
  } else {
    dir = mkdtempSync(path.join(tmpdir(), 'documents-store-'));
    store = new LocalDiskStore(dir);
  }
  const tokens = testTokens();
  const clock = new ControlledClock('2026-02-10T13:00:00Z');
  const service = await startDocumentsService({
    databaseUrl: urls.databaseUrl,
    amqpUrl: urls.amqpUrl,
    host: '127.0.0.1',
    port: 0,
    clock,
    log: createLogger({ service: 'documents-test', level: 'silent' }),
    authenticate: tokens.authenticate,
    store,
    limits: { maxUploadBytes: () => o.maxUploadBytes ?? 64 * 1024 },
    retention: { yearsAfterClosing: 5, unboundDays: 30 },
    purgeIntervalMs: 3_600_000,
    exchange,
    relayPollMs: 30,
    retryDelaysMs: TEST_RETRY_DELAYS_MS,
    healthIntervalMs: 200,
  });
  await service.consuming;
  const clients: { close(): void }[] = [];
  return {
    db,
    service,
    store,
    tokens,
    clock,
    api(roles = ['OPERATOR'], memberId) {
      const client = createClient(DocumentsServiceClient, DOCUMENTS_SERVICE_NAME, service.grpc.address, {
        bearerToken: () => tokens.token(roles, memberId),
      });
      clients.push(client);
      return promiseClient<DocumentsServiceServer>(client);
    },
    async publish(...events) {
      for (const e of events) publishEvent(ch, exchange, e);
      await ch.waitForConfirms();
    },
    async outbox(eventType) {
      return db('documents.outbox').where({ event_type: eventType }).orderBy('id').select('aggregate_id', 'payload');
    },
    async stop() {
      for (const c of clients) c.close();
      await service.stop();
      await ch.deleteExchange(exchange).catch(() => undefined);
      await conn.close().catch(() => undefined);
      await db.destroy();
      await s3?.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
