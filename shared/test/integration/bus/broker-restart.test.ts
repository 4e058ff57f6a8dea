import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { createDb } from '../../../src/db';
import { appendToOutbox, connectAmqp, Consumer, OutboxRelay, type AmqpConnection } from '../../../src/bus';
import { faultServer, infraUrls, uniqueSuffix } from '../../../src/testing';
import {
  createTestSchema,
  deleteBrokerObjects,
  dropSchema,
  memoryLogger,
  queueFamily,
  waitFor,
} from './fixtures/harness';

// FAULT set only: this file stops and restarts its RabbitMQ.
const urls = infraUrls('fault');
const TOTAL = 300;
const BEFORE_OUTAGE = 100;

describe('bus: relay and consumer across a RabbitMQ restart (fault set, integration)', function () {
  this.timeout(120_000);
  const suffix = uniqueSuffix();
  const exchange = `t.${suffix}.events`;
  const queue = `t.${suffix}.restart`;
  let db: Knex;
  let schema: string;
  let relayConn: AmqpConnection;
  let consumerConn: AmqpConnection;
  let relay: OutboxRelay;
  let consumer: Consumer;
  const log = memoryLogger();

  before(async () => {
    faultServer('start', 'rabbitmq'); // a no-op when it is up; heals a previous run that died mid-outage
    db = createDb({ url: urls.databaseUrl, applicationName: 'bus-restart-test' });
    schema = await createTestSchema(db);
    await db.raw(`create table "${schema}".effects (id bigserial primary key, event_id uuid not null)`);
    // Fast reconnects keep the test short; production caps the backoff at 10 s.
    relayConn = await connectAmqp(urls.amqpUrl, { name: 'restart-relay', log, maxDelayMs: 1000, heartbeatSeconds: 2 });
    consumerConn = await connectAmqp(urls.amqpUrl, {
      name: 'restart-consumer',
      log,
      maxDelayMs: 1000,
      heartbeatSeconds: 2,
    });
  });

  after(async () => {
    faultServer('start', 'rabbitmq');
    await relay?.stop();
    await consumer?.stop();
    await relayConn?.close();
    await consumerConn?.close();
    await deleteBrokerObjects(urls.amqpUrl, queueFamily(queue, 2), [exchange]);
    await dropSchema(db, schema);
    await db.destroy();
  });

  async function append(from: number, to: number, pauseMs = 0): Promise<void> {
    for (let i = from; i < to; i++) {
      await db.transaction((trx) =>
        appendToOutbox(trx, schema, [
          {
            eventType: 'restart.thing.happened',
            aggregateId: `agg-${i % 7}`,
            payloadType: 'test.Thing',
            payload: Buffer.from(String(i)),
          },
        ]),
      );
      if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs));
    }
  }

  const applied = async (): Promise<{ total: bigint; distinct: bigint }> => {
    const { rows } = await db.raw<{ rows: Array<{ total: bigint; distinct: bigint }> }>(
      `select count(*) as total, count(distinct event_id) as distinct from "${schema}".effects`,
    );
    return rows[0]!;
  };

  it('loses no event: all arrive after the restart and the inbox applies each exactly once', async () => {
    await append(0, BEFORE_OUTAGE);
    consumer = new Consumer({
      connection: consumerConn,
      db,
      schema,
      queue,
      exchange,
      retryDelaysMs: [100, 200],
      drainMs: 50,
      log,
      handlers: {
        'restart.#': async ({ trx, meta }) => {
          await trx.withSchema(schema).table('effects').insert({ event_id: meta.eventId });
        },
      },
    });
    await consumer.start();
    relay = new OutboxRelay({ db, schema, connection: relayConn, exchange, batchSize: 10, pollMs: 20, log });
    relay.start();

    await waitFor('some events through before the outage', async () => (await applied()).total >= 30n, 20_000);
    // Events keep being written during the outage; the relay must hold them until the broker is back.
    const writing = append(BEFORE_OUTAGE, TOTAL, 15);
    const outageStartedAt = new Date();
    faultServer('stop', 'rabbitmq');
    await new Promise((r) => setTimeout(r, 1500)); // the relay and consumer now see a dead broker
    faultServer('start', 'rabbitmq');
    const brokerBackAt = new Date();
    log.info({ outageMs: brokerBackAt.getTime() - outageStartedAt.getTime() }, 'broker back');
    await writing;

    await waitFor(`all ${TOTAL} events applied`, async () => (await applied()).distinct >= BigInt(TOTAL), 60_000, 200);
    await new Promise((r) => setTimeout(r, 500)); // time for any late duplicate to show up
    const { total, distinct } = await applied();
    assert.equal(distinct, BigInt(TOTAL), 'every event arrived');
    assert.equal(total, BigInt(TOTAL), 'and was applied exactly once');
    const { rows } = await db.raw<{ rows: Array<{ n: bigint }> }>(
      `select count(*) as n from "${schema}".outbox where published_at is null`,
    );
    assert.equal(rows[0]!.n, 0n, 'the outbox is drained');
    assert.ok(
      log.lines.some((l) => l.includes('channel closed; resubscribing')),
      'the consumer saw the outage and resubscribed',
    );
    const { rows: around } = await db.raw<{ rows: Array<{ before: bigint; after: bigint }> }>(
      `select count(*) filter (where published_at < ?) as before, count(*) filter (where published_at > ?) as after
         from "${schema}".outbox`,
      [outageStartedAt, brokerBackAt],
    );
    assert.ok(around[0]!.before > 0n && around[0]!.after > 0n, 'the relay was publishing before and after the outage');
  });
});
