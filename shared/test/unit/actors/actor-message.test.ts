import assert from 'node:assert/strict';
import type { ConsumeMessage } from 'amqplib';
import { ValidationError } from '../../../src/errors';
import { mailboxNames, readActorMessage } from '../../../src/actors';

describe('actors: readActorMessage', () => {
  const base = {
    content: Buffer.from(''),
    fields: {
      deliveryTag: 1,
      redelivered: true,
      exchange: 'consorcio.actors.group',
      routingKey: 'g-7',
      consumerTag: 'c',
    },
  };

  it('reads id, actor, type, headers and attempt', () => {
    const msg = {
      ...base,
      properties: {
        messageId: '01936f5e-8a4b-7c3d-9e2f-0123456789ab',
        type: 'tick',
        headers: { actor_id: 'g-7', 'x-attempt': 2 },
      },
    } as unknown as ConsumeMessage;
    const m = readActorMessage(msg);
    assert.equal(m.actorId, 'g-7');
    assert.equal(m.type, 'tick');
    assert.equal(m.attempt, 2);
    assert.equal(m.redelivered, true);
  });

  it('refuses a message without a UUID id or a type', () => {
    const noId = { ...base, properties: { type: 'tick', headers: {} } } as unknown as ConsumeMessage;
    assert.throws(() => readActorMessage(noId), ValidationError);
    const noType = {
      ...base,
      properties: { messageId: '01936f5e-8a4b-7c3d-9e2f-0123456789ab', headers: {} },
    } as unknown as ConsumeMessage;
    assert.throws(() => readActorMessage(noType), ValidationError);
  });
});

describe('actors: mailboxNames', () => {
  it('names the exchange and the shard queues', () => {
    assert.deepEqual(mailboxNames('groups', 'group', 3), {
      exchange: 'consorcio.actors.group',
      shardQueues: ['groups.group.shard.0', 'groups.group.shard.1', 'groups.group.shard.2'],
    });
    assert.throws(() => mailboxNames('groups', 'group', 0));
  });
});
