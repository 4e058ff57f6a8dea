import assert from 'node:assert/strict';
import { ConflictError, ValidationError } from '../../../src/errors';
import { useConsumerEnv } from './fixtures/consumer-env';
import { waitFor } from './fixtures/harness';
import { publishEvent } from './fixtures/publish-event';

describe('bus: consumer failures: delay queues and parking (integration)', function () {
  this.timeout(30_000);
  const env = useConsumerEnv('bus-consumer-failures-test');

  it('retries a failing message through the delay queues, then parks it with x-last-error', async () => {
    const attempts: number[] = [];
    const queue = await env.startConsumer('retries', {
      'groups.group.created': async ({ trx, meta }) => {
        attempts.push(meta.attempt);
        // Written, then rolled back with the failure: never visible.
        await trx.withSchema(env.schema).table('effects').insert({ event_id: meta.eventId, note: 'partial' });
        throw new Error(`database on fire (attempt ${meta.attempt})`);
      },
    });
    const eventId = await publishEvent(env.ch, env.exchange);
    const probe = await env.admin.createChannel();
    await waitFor('the parked message', async () => (await probe.checkQueue(`${queue}.parked`)).messageCount === 1);
    assert.deepEqual(attempts, [0, 1, 2], 'first try and one per delay queue');
    const parked = await probe.get(`${queue}.parked`, { noAck: true });
    assert.ok(parked);
    const h = parked.properties.headers!;
    assert.equal(h['x-last-error'], 'Error: database on fire (attempt 2)');
    assert.equal(h['x-original-routing-key'], 'groups.group.created');
    assert.equal(h['x-attempt'], 3);
    assert.equal(h.event_id, eventId);
    assert.equal(parked.properties.messageId, eventId);
    assert.equal(parked.content.toString(), 'body');
    assert.deepEqual(await env.effects(), [], 'each failed attempt rolled back');
    assert.equal((await env.db.withSchema(env.schema).table('inbox')).length, 0);
    await probe.close();
  });

  it('parks a permanent error at once', async () => {
    let calls = 0;
    const queue = await env.startConsumer('permanent', {
      'groups.group.created': () => {
        calls++;
        return Promise.reject(new ValidationError('quota', 'does not exist'));
      },
    });
    await publishEvent(env.ch, env.exchange);
    const probe = await env.admin.createChannel();
    await waitFor('the parked message', async () => (await probe.checkQueue(`${queue}.parked`)).messageCount === 1);
    const parked = await probe.get(`${queue}.parked`, { noAck: true });
    assert.ok(parked);
    assert.equal(parked.properties.headers!['x-last-error'], 'ValidationError: quota: does not exist');
    assert.equal(parked.properties.headers!['x-attempt'], 1);
    assert.equal(calls, 1);
    for (const n of [1, 2]) assert.equal((await probe.checkQueue(`${queue}.retry.${n}`)).messageCount, 0);
    await probe.close();
  });

  it('applies a message once after a transient failure (ConflictError) succeeds on retry', async () => {
    let calls = 0;
    await env.startConsumer('conflict', {
      'groups.group.created': async (ctx) => {
        if (++calls === 1) throw new ConflictError('version race');
        await env.recordEffect(`attempt ${ctx.meta.attempt}`)(ctx);
      },
    });
    await publishEvent(env.ch, env.exchange);
    await waitFor('the effect', async () => (await env.effects()).length === 1);
    assert.deepEqual(
      (await env.effects()).map((e) => e.note),
      ['attempt 1'],
    );
  });

  it('parks a message without event headers at once', async () => {
    const queue = await env.startConsumer('malformed', { 'groups.group.created': env.recordEffect() });
    env.ch.publish(env.exchange, 'groups.group.created', Buffer.from('?'), { persistent: true });
    await env.ch.waitForConfirms();
    const probe = await env.admin.createChannel();
    await waitFor('the parked message', async () => (await probe.checkQueue(`${queue}.parked`)).messageCount === 1);
    const parked = await probe.get(`${queue}.parked`, { noAck: true });
    assert.match(
      String(parked && parked.properties.headers!['x-last-error']),
      /ValidationError: event_id: must be a UUID/,
    );
    await probe.close();
  });
});
