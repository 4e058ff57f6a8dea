import assert from 'node:assert/strict';
import * as amqp from 'amqplib';
import type { Knex } from 'knex';
import { createDb } from '../../../src/db';
import { appendToOutbox, connectAmqp, OutboxRelay, type AmqpConnection, type OutboxEventInput } from '../../../src/bus';
import { infraUrls, uniqueSuffix } from '../../../src/testing';
import {
  createTestSchema,
  deleteBrokerObjects,
  dropSchema,
  memoryLogger,
  probeQueue,
  waitFor,
} from './fixtures/harness';

const urls = infraUrls('test');

function event(aggregateId: string, n: number, correlationId?: string): OutboxEventInput {
  return {
    eventType: 'groups.group.updated',
    aggregateId,
    payloadType: 'consorcio.events.v1.GroupUpdated',
    payload: new TextEncoder().encode(`${aggregateId}:${n}`),
    correlationId,
  };
}

describe('bus: outbox and relay (integration)', function () {
  this.timeout(30_000);
  let db: Knex;
  let schema: string;
  let conn: AmqpConnection;
  let probeConn: amqp.ChannelModel;
  const exchange = `t.${uniqueSuffix()}.events`;
  const log = memoryLogger();

  before(async () => {
    db = createDb({ url: urls.databaseUrl, applicationName: 'bus-relay-test' });
    schema = await createTestSchema(db);
    conn = await connectAmqp(urls.amqpUrl, { name: 'relay-test', log });
    probeConn = await amqp.connect(urls.amqpUrl);
  });

  after(async () => {
    await conn?.close();
    await probeConn?.close();
    await deleteBrokerObjects(urls.amqpUrl, [], [exchange]);
    await dropSchema(db, schema);
    await db.destroy();
  });

  beforeEach(async () => {
    await db.raw(`truncate "${schema}".outbox, "${schema}".aggregate_versions`);
  });

  it('publishes an event of a committed transaction exactly once, with its headers, and nothing of a rolled-back one', async () => {
    const probe = await probeQueue(probeConn, exchange);
    const relay = new OutboxRelay({ db, schema, connection: conn, exchange, log });
    const stored = await db.transaction((trx) => appendToOutbox(trx, schema, [event('g-1', 1, 'corr-1')]));
    await assert.rejects(
      db.transaction(async (trx) => {
        await appendToOutbox(trx, schema, [event('g-2', 1)]);
        throw new Error('handler failed');
      }),
      /handler failed/,
    );

    assert.equal(await relay.relayOnce(), 1);
    assert.equal(await relay.relayOnce(), 0);
    await waitFor('the event at the probe queue', () => probe.messages.length >= 1);
    await new Promise((r) => setTimeout(r, 300)); // anything extra would arrive by now
    assert.equal(probe.messages.length, 1);

    const [msg] = probe.messages;
    const rec = stored[0]!;
    assert.equal(msg!.fields.routingKey, 'groups.group.updated');
    assert.equal(msg!.content.toString(), 'g-1:1');
    assert.equal(msg!.properties.type, 'consorcio.events.v1.GroupUpdated');
    assert.equal(msg!.properties.messageId, rec.eventId);
    assert.equal(msg!.properties.deliveryMode, 2, 'persistent');
    const h = msg!.properties.headers!;
    assert.equal(h.event_id, rec.eventId);
    assert.match(String(h.event_id), /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/, 'UUIDv7');
    assert.equal(h.event_type, 'groups.group.updated');
    assert.equal(h.aggregate_id, 'g-1');
    assert.equal(h.aggregate_version, 1);
    assert.equal(h.correlation_id, 'corr-1');
    assert.equal(h.occurred_at, rec.occurredAt.toISOString());
    assert.match(String(h.occurred_at), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

    const rows = await db.withSchema(schema).table('outbox').select('aggregate_id', 'published_at');
    assert.deepEqual(
      rows.map((r: { aggregate_id: string }) => r.aggregate_id),
      ['g-1'],
    );
    assert.ok((rows[0] as { published_at: Date | null }).published_at instanceof Date);
    await probe.close();
  });

  it('numbers each aggregate 1, 2, 3… and publishes them in version order', async () => {
    const probe = await probeQueue(probeConn, exchange);
    const relay = new OutboxRelay({ db, schema, connection: conn, exchange, batchSize: 7, log });
    // Concurrent writers of the same aggregates: the aggregate_versions row lock orders them.
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db.transaction((trx) => appendToOutbox(trx, schema, [event(`a-${i % 3}`, i), event(`a-${(i + 1) % 3}`, i)])),
      ),
    );
    let total = 0;
    for (let n = await relay.relayOnce(); n > 0; n = await relay.relayOnce()) total += n;
    assert.equal(total, 40);
    await waitFor('40 events at the probe', () => probe.messages.length >= 40);
    const versions = new Map<string, number[]>();
    for (const m of probe.messages) {
      const h = m.properties.headers!;
      versions.set(h.aggregate_id as string, [
        ...(versions.get(h.aggregate_id as string) ?? []),
        h.aggregate_version as number,
      ]);
    }
    for (const [id, seq] of versions) {
      assert.deepEqual(
        seq,
        Array.from({ length: seq.length }, (_, i) => i + 1),
        `versions of ${id}`,
      );
    }
    await probe.close();
  });

  it('runs one relay at a time per schema; the standby takes over when the leader stops', async () => {
    const probe = await probeQueue(probeConn, exchange);
    const a = new OutboxRelay({ db, schema, connection: conn, exchange, pollMs: 20, log });
    const b = new OutboxRelay({ db, schema, connection: conn, exchange, pollMs: 20, log });
    a.start();
    await waitFor('a to lead', () => a.isLeader);
    b.start();
    await db.transaction((trx) => appendToOutbox(trx, schema, [event('r-1', 1)]));
    await waitFor('first event', () => probe.messages.length === 1);
    assert.equal(b.isLeader, false);

    await a.stop();
    await waitFor('b to lead', () => b.isLeader);
    await db.transaction((trx) => appendToOutbox(trx, schema, [event('r-1', 2)]));
    await waitFor('second event', () => probe.messages.length === 2);
    await b.stop();
    assert.deepEqual(
      probe.messages.map((m) => Number(m.properties.headers!.aggregate_version)),
      [1, 2],
    );
    await probe.close();
  });

  it('keeps rows unpublished when the broker refuses the batch, and publishes them on the next try', async () => {
    const missing = `t.${uniqueSuffix()}.absent`;
    let failures = 0;
    const polls: { published: number; lagSeconds: number }[] = [];
    const broken = new OutboxRelay({
      db,
      schema,
      connection: conn,
      exchange: missing,
      log,
      onFailure: () => failures++,
      onPoll: (o) => polls.push(o),
    });
    // The relay declares its exchange when it opens its channel (on an empty outbox: nothing sent);
    // deleting it behind the relay's back makes the next publish close the channel (404).
    assert.equal(await broken.relayOnce(), 0);
    const admin = await probeConn.createChannel();
    await admin.deleteExchange(missing);
    await admin.close();
    await db.transaction((trx) => appendToOutbox(trx, schema, [event('n-1', 1)]));
    await new Promise((r) => setTimeout(r, 20));
    await assert.rejects(broken.relayOnce());
    assert.equal(failures, 1, 'the failed batch is reported');
    assert.ok((polls.at(-1)?.lagSeconds ?? 0) > 0, 'and the waiting row’s age');
    const unpublished = await db
      .withSchema(schema)
      .table('outbox')
      .whereNull('published_at')
      .count<{ count: bigint }[]>();
    assert.equal(unpublished[0]?.count, 1n, 'rolled back: still waiting');

    const probe = await probeQueue(probeConn, exchange);
    const published: number[] = [];
    const relay = new OutboxRelay({
      db,
      schema,
      connection: conn,
      exchange,
      log,
      onPoll: (o) => published.push(o.published),
    });
    assert.equal(await relay.relayOnce(), 1);
    assert.deepEqual(published, [0, 1], 'a poll finding one row, then its publication');
    await waitFor('the retried event', () => probe.messages.length === 1);
    await probe.close();
    await deleteBrokerObjects(urls.amqpUrl, [], [missing]);
  });
});
