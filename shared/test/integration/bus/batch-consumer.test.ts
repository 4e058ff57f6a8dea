import assert from 'node:assert/strict';
import { BatchConsumer, parkedQueueName, type BatchItem } from '../../../src/bus';
import { useConsumerEnv } from './fixtures/consumer-env';
import { waitFor } from './fixtures/harness';
import { publishEvent } from './fixtures/publish-event';

describe('bus: batch consumer (integration)', function () {
  this.timeout(30_000);
  const env = useConsumerEnv('bus-batch-consumer-test');
  let consumer: BatchConsumer | undefined;

  afterEach(async () => {
    await consumer?.stop();
    consumer = undefined;
  });

  function start(name: string, flush: (items: BatchItem[]) => Promise<void>, extra = {}): Promise<string> {
    const queue = `t.${env.suffix}.${name}`;
    env.queues.push(queue, parkedQueueName(queue));
    consumer = new BatchConsumer({
      connection: env.conn,
      queue,
      bindings: ['#'],
      exchange: env.exchange,
      maxBatch: 50,
      lingerMs: 10,
      log: env.log,
      flush,
      ...extra,
    });
    return consumer.start().then(() => queue);
  }

  const queueDepth = async (queue: string) => {
    const probe = await env.admin.createChannel();
    try {
      const q = await probe.checkQueue(queue);
      return q.messageCount;
    } finally {
      await probe.close();
    }
  };

  it('hands deliveries over in batches, in order, and acks them only after the flush', async () => {
    const batches: string[][] = [];
    const queue = await start('order', async (items) => {
      batches.push(items.map((i) => i.body.toString()));
      await new Promise((r) => setTimeout(r, 5));
    });
    for (let i = 0; i < 120; i++) await publishEvent(env.ch, env.exchange, { body: `e${i}` });
    await waitFor('all flushed', () => batches.flat().length === 120);
    assert.deepEqual(
      batches.flat(),
      Array.from({ length: 120 }, (_, i) => `e${i}`),
    );
    assert.ok(batches.every((b) => b.length <= 50));
    await waitFor('all acked', async () => (await queueDepth(queue)) === 0);
  });

  it('keeps a batch unacked while its flush fails, and writes it once the flush succeeds', async () => {
    let failures = 0;
    const written: string[] = [];
    const queue = await start('retry', async (items) => {
      if (failures++ < 2) throw new Error('database unavailable');
      written.push(...items.map((i) => i.meta.eventId));
      return Promise.resolve();
    });
    const ids = [await publishEvent(env.ch, env.exchange), await publishEvent(env.ch, env.exchange)];
    await waitFor('written after two failures', () => written.length === 2);
    assert.deepEqual(written.sort(), ids.sort());
    assert.equal(failures, 3);
    await waitFor('acked', async () => (await queueDepth(queue)) === 0);
  });

  it('gives an unflushed batch back to the broker on stop: nothing acked is lost', async () => {
    const queue = await start(
      'stop',
      () => new Promise<void>((_, reject) => setTimeout(() => reject(new Error('down')), 20)),
    );
    await publishEvent(env.ch, env.exchange);
    await publishEvent(env.ch, env.exchange);
    await new Promise((r) => setTimeout(r, 100));
    await consumer!.stop();
    consumer = undefined;
    await waitFor('both back in the queue', async () => (await queueDepth(queue)) === 2);
  });

  it('acks skipped events without flushing them and parks a message without event headers', async () => {
    const flushed: string[] = [];
    const queue = await start(
      'skip',
      (items) => {
        flushed.push(...items.map((i) => i.meta.eventType));
        return Promise.resolve();
      },
      { skip: (meta: { eventType: string }) => meta.eventType.startsWith('audit.') },
    );
    await publishEvent(env.ch, env.exchange, { eventType: 'audit.checkpoint.signed' });
    env.ch.publish(env.exchange, 'groups.group.created', Buffer.from('no headers'));
    await env.ch.waitForConfirms();
    await publishEvent(env.ch, env.exchange, { eventType: 'groups.group.created' });
    await waitFor('the valid event flushed', () => flushed.length === 1);
    assert.deepEqual(flushed, ['groups.group.created']);
    await waitFor('parked', async () => (await queueDepth(parkedQueueName(queue))) === 1);
    await waitFor('the rest acked', async () => (await queueDepth(queue)) === 0);
  });
});
