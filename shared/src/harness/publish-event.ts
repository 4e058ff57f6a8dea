import type { Channel } from 'amqplib';
import { eventPublishOptions } from '../bus';
import { newId } from '../ids';

/**
 * An event published as another service's relay would publish it (headers, type, protobuf body): how a test plays
 * a service that does not run in it (draws' contemplation for credit, say). `version` orders it for version gates.
 */
export function publishEvent(
  ch: Channel,
  exchange: string,
  e: {
    eventType: string;
    payloadType: string;
    body: Uint8Array;
    aggregateId: string;
    version: number;
    occurredAt: Date;
  },
): void {
  const eventId = newId();
  ch.publish(
    exchange,
    e.eventType,
    Buffer.from(e.body),
    eventPublishOptions({
      eventId,
      eventType: e.eventType,
      aggregateId: e.aggregateId,
      aggregateVersion: e.version,
      payloadType: e.payloadType,
      occurredAt: e.occurredAt,
      headers: { correlation_id: `test-${eventId}` },
      traceparent: null,
      tracestate: null,
    }),
  );
}
