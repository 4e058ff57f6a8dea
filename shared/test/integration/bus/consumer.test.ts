import assert from 'node:assert/strict';
import { acceptNewerVersion, Consumer, declareTopology, type EventMeta } from '../../../src/bus';
import { RETRY_DELAYS, useConsumerEnv } from './fixtures/consumer-env';
import { queueFamily, waitFor } from './fixtures/harness';
import { publishEvent } from './fixtures/publish-event';

describe('bus: consumer (integration)', function () {
  this.timeout(30_000);
  const env = useConsumerEnv('bus-consumer-test');

  it('declares a quorum queue with a delivery limit, delay queues and a parked queue', async () => {
    const queue = await env.startConsumer('topology', { 'groups.group.created': env.recordEffect() });
    const probe = await env.admin.createChannel();
    for (const q of queueFamily(queue, RETRY_DELAYS.length)) await probe.checkQueue(q);
    await probe.close();
    // Declaring again with the same arguments is fine (idempotent).
    const again = await env.admin.createChannel();
    await declareTopology(again, {
      exchange: env.exchange,
      queue,
      patterns: ['groups.group.created'],
      retryDelaysMs: RETRY_DELAYS,
    });
    await again.close();
  });

  it('hands the handler the event metadata and body, and applies it in the inbox transaction', async () => {
    const seen: EventMeta[] = [];
    await env.startConsumer('meta', {
      'groups.group.*': async (ctx) => {
        seen.push(ctx.meta);
        assert.equal(ctx.body.toString(), 'hello');
        await env.recordEffect()(ctx);
      },
    });
    const eventId = await publishEvent(env.ch, env.exchange, {
      aggregateId: 'g-9',
      aggregateVersion: 4,
      body: 'hello',
    });
    await waitFor('the effect', async () => (await env.effects()).length === 1);
    assert.equal(seen[0]?.eventId, eventId);
    assert.equal(seen[0]?.eventType, 'groups.group.created');
    assert.equal(seen[0]?.aggregateId, 'g-9');
    assert.equal(seen[0]?.aggregateVersion, 4);
    assert.equal(seen[0]?.correlationId, 'corr-test');
    assert.equal(seen[0]?.payloadType, 'consorcio.events.v1.GroupCreated');
    assert.equal(seen[0]?.attempt, 0);
    const inbox = await env.db.withSchema(env.schema).table('inbox').select('event_id', 'consumer');
    assert.deepEqual(inbox, [{ event_id: eventId, consumer: `t.${env.suffix}.meta` }]);
  });

  it('acknowledges a duplicate event (same event_id published twice) without applying it again', async () => {
    let calls = 0;
    const queue = await env.startConsumer('dupes', {
      'groups.group.created': async (ctx) => {
        calls++;
        await env.recordEffect()(ctx);
      },
    });
    const eventId = await publishEvent(env.ch, env.exchange);
    await publishEvent(env.ch, env.exchange, { eventId });
    await publishEvent(env.ch, env.exchange, { eventId });
    const marker = await publishEvent(env.ch, env.exchange);
    await waitFor('the marker event', async () => (await env.effects()).some((e) => e.event_id === marker));
    await env.stopConsumer();
    assert.equal(calls, 2, 'the duplicates never reached the handler');
    assert.deepEqual((await env.effects()).map((e) => e.event_id).sort(), [eventId, marker].sort());
    const probe = await env.admin.createChannel();
    assert.equal((await probe.checkQueue(queue)).messageCount, 0, 'every copy was acked');
    await probe.close();
  });

  it('acknowledges a broker redelivery (nack/requeue) of an event already applied, without effect', async () => {
    const queue = `t.${env.suffix}.redelivery`;
    env.track(queue);
    const setup = await env.admin.createChannel();
    await declareTopology(setup, {
      exchange: env.exchange,
      queue,
      patterns: ['groups.#'],
      retryDelaysMs: RETRY_DELAYS,
    });
    const eventId = await publishEvent(env.ch, env.exchange);
    // Another consumer instance applied it (inbox row committed) but died before its ack.
    await waitFor('the message in the queue', async () => (await setup.checkQueue(queue)).messageCount === 1);
    const taken = await setup.get(queue, { noAck: false });
    assert.ok(taken);
    await env.db.withSchema(env.schema).table('inbox').insert({ event_id: eventId, consumer: queue });
    setup.nack(taken, false, true);
    await setup.close();

    let calls = 0;
    env.consumer = new Consumer({
      connection: env.conn,
      db: env.db,
      schema: env.schema,
      queue,
      exchange: env.exchange,
      retryDelaysMs: RETRY_DELAYS,
      bindings: ['groups.#'],
      log: env.log,
      handlers: {
        '#': () => {
          calls++;
          return Promise.resolve();
        },
      },
    });
    await env.consumer.start();
    const probe = await env.admin.createChannel();
    await waitFor('the redelivery to be acked', async () => {
      const { messageCount, consumerCount } = await probe.checkQueue(queue);
      return messageCount === 0 && consumerCount === 1;
    });
    await env.stopConsumer();
    assert.equal((await probe.checkQueue(queue)).messageCount, 0);
    await probe.close();
    assert.equal(calls, 0);
    assert.ok(env.log.lines.some((l) => l.includes('duplicate event ignored') && l.includes(eventId)));
  });

  it('acks events bound but without a handler, without effect', async () => {
    await env.startConsumer('unhandled', { 'groups.group.created': env.recordEffect() }, { bindings: ['groups.#'] });
    await publishEvent(env.ch, env.exchange, { eventType: 'groups.group.closed' });
    const marker = await publishEvent(env.ch, env.exchange);
    await waitFor('the marker', async () => (await env.effects()).some((e) => e.event_id === marker));
    assert.equal((await env.effects()).length, 1);
    assert.ok(env.log.lines.some((l) => l.includes('no handler for event')));
  });

  it('acceptNewerVersion drops stale and repeated versions of an aggregate', async () => {
    await env.startConsumer(
      'versions',
      {
        'groups.group.*': async (ctx) => {
          if (
            await acceptNewerVersion(ctx.trx, env.schema, 'versions', ctx.meta.aggregateId, ctx.meta.aggregateVersion)
          ) {
            await env.recordEffect(`v${ctx.meta.aggregateVersion}`)(ctx);
          }
        },
      },
      { prefetch: 1 },
    );
    for (const v of [1, 3, 2, 3, 4])
      await publishEvent(env.ch, env.exchange, { aggregateId: 'g-v', aggregateVersion: v });
    const marker = await publishEvent(env.ch, env.exchange, { aggregateId: 'g-other', aggregateVersion: 1 });
    await waitFor('the marker', async () => (await env.effects()).some((e) => e.event_id === marker));
    assert.deepEqual(
      (await env.effects()).map((e) => e.note),
      ['v1', 'v3', 'v4', 'v1'],
    );
  });

  it('stop() waits for in-flight handlers and acks them before closing', async () => {
    let entered!: () => void;
    const inHandler = new Promise<void>((r) => (entered = r));
    const queue = await env.startConsumer('graceful', {
      'groups.group.created': async (ctx) => {
        entered();
        await new Promise((r) => setTimeout(r, 300));
        await env.recordEffect()(ctx);
      },
    });
    await publishEvent(env.ch, env.exchange);
    await inHandler;
    await env.stopConsumer();
    assert.equal((await env.effects()).length, 1, 'the handler finished before stop resolved');
    const probe = await env.admin.createChannel();
    assert.equal((await probe.checkQueue(queue)).messageCount, 0, 'and its message was acked');
    await probe.close();
  });
});
