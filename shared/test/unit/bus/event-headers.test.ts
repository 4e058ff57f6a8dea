import assert from 'node:assert/strict';
import type { ConsumeMessage } from 'amqplib';
import { ValidationError } from '../../../src/errors';
import { eventPublishOptions, failurePublishOptions, HEADER, readEventMeta } from '../../../src/bus';

const eventId = '01936f5e-8a4b-7c3d-9e2f-0123456789ab';
const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

function message(headers: Record<string, unknown>, extra: Partial<ConsumeMessage['properties']> = {}): ConsumeMessage {
  return {
    content: Buffer.from('x'),
    fields: {
      deliveryTag: 1,
      redelivered: false,
      exchange: 'consorcio.events',
      routingKey: 'groups.group.created',
      consumerTag: 'c',
    },
    properties: {
      headers,
      type: 'consorcio.events.v1.GroupCreated',
      messageId: eventId,
      ...extra,
    } as ConsumeMessage['properties'],
  };
}

describe('bus: event headers', () => {
  const occurredAt = new Date('2026-03-01T12:34:56.789Z');
  const options = eventPublishOptions({
    eventId,
    eventType: 'groups.group.created',
    aggregateId: 'g-1',
    aggregateVersion: 3n,
    payloadType: 'consorcio.events.v1.GroupCreated',
    occurredAt,
    headers: { [HEADER.correlationId]: 'req-9' },
    traceparent,
    tracestate: null,
  });

  it('builds the publish properties and headers of an outbox event', () => {
    assert.equal(options.type, 'consorcio.events.v1.GroupCreated');
    assert.equal(options.messageId, eventId);
    assert.equal(options.persistent, true);
    assert.equal(options.correlationId, 'req-9');
    assert.deepEqual(options.headers, {
      event_id: eventId,
      event_type: 'groups.group.created',
      aggregate_id: 'g-1',
      aggregate_version: 3,
      occurred_at: '2026-03-01T12:34:56.789Z',
      correlation_id: 'req-9',
      traceparent,
    });
  });

  it('reads the metadata back from a delivery', () => {
    const meta = readEventMeta(message(options.headers as Record<string, unknown>));
    assert.deepEqual(meta, {
      eventId,
      eventType: 'groups.group.created',
      aggregateId: 'g-1',
      aggregateVersion: 3,
      occurredAt,
      correlationId: 'req-9',
      payloadType: 'consorcio.events.v1.GroupCreated',
      redelivered: false,
      attempt: 0,
    });
  });

  it('rejects a delivery without event headers as a permanent ValidationError', () => {
    assert.throws(
      () => readEventMeta(message({}, { messageId: 'not-a-uuid' })),
      (err: unknown) => {
        assert.ok(err instanceof ValidationError);
        assert.deepEqual(
          err.violations.map((v) => v.field),
          ['event_id', 'aggregate_id', 'aggregate_version', 'occurred_at'],
        );
        return true;
      },
    );
  });

  it('marks a failed copy with x-attempt, x-last-error and the original routing key, dropping x-death', () => {
    const msg = message({ ...(options.headers as object), 'x-death': [{ count: 1 }], 'x-first-death-queue': 'q' });
    const copy = failurePublishOptions(msg, 2, 'Error: db down');
    assert.equal(copy.headers[HEADER.attempt], 2);
    assert.equal(copy.headers[HEADER.lastError], 'Error: db down');
    assert.equal(copy.headers[HEADER.originalRoutingKey], 'groups.group.created');
    assert.equal(copy.headers['x-death'], undefined);
    assert.equal(copy.headers['x-first-death-queue'], undefined);
    assert.equal(copy.headers.event_id, eventId);
    assert.equal(copy.messageId, eventId);
    assert.equal(copy.type, 'consorcio.events.v1.GroupCreated');
    assert.equal(copy.persistent, true);
  });

  it('keeps the original routing key and counts attempts when a message comes back from a delay queue', () => {
    const back = message({
      ...(options.headers as object),
      [HEADER.attempt]: 1,
      [HEADER.originalRoutingKey]: 'groups.group.created',
    });
    back.fields.routingKey = 'billing.on-group';
    back.fields.exchange = '';
    const meta = readEventMeta(back);
    assert.equal(meta.attempt, 1);
    assert.equal(meta.eventType, 'groups.group.created');
    assert.equal(failurePublishOptions(back, 2, 'e').headers[HEADER.originalRoutingKey], 'groups.group.created');
  });
});
