import type { Channel } from 'amqplib';
import { eventPublishOptions } from '../bus';
import { newId } from '../ids';

/** An event of another service, as its relay would publish it. */
export interface RelayedEvent {
  eventType: string;
  payloadType: string;
  body: Uint8Array;
  aggregateId: string;
  version: number;
  occurredAt: Date;
  /** Fixed to publish the same event twice (a redelivery); a new id otherwise. */
  eventId?: string;
}

/**
 * An event published as another service's relay would publish it (headers, type, protobuf body): how a test plays
 * a service that does not run in it (draws' contemplation for credit, say). `version` orders it for version gates.
 * Returns the event id; wait for the channel's confirms to know it reached the exchange.
 */
export function publishEvent(ch: Channel, exchange: string, e: RelayedEvent): string {
  const eventId = e.eventId ?? newId();
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
  return eventId;
}
