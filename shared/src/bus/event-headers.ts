import type { ConsumeMessage, Options } from 'amqplib';
import { ValidationError } from '../errors';
import { isUuid } from '../ids';

/** Header names of an event message (snake case: they cross languages and tools). */
export const HEADER = {
  eventId: 'event_id',
  eventType: 'event_type',
  aggregateId: 'aggregate_id',
  aggregateVersion: 'aggregate_version',
  occurredAt: 'occurred_at',
  correlationId: 'correlation_id',
  traceparent: 'traceparent',
  tracestate: 'tracestate',
  attempt: 'x-attempt',
  lastError: 'x-last-error',
  originalRoutingKey: 'x-original-routing-key',
} as const;

/** What the relay reads from an outbox row to publish it. */
export interface OutboxMessage {
  eventId: string;
  eventType: string;
  aggregateId: string;
  aggregateVersion: number | bigint;
  payloadType: string;
  occurredAt: Date;
  /** Extra headers stored with the row (correlation_id, …). */
  headers: Readonly<Record<string, unknown>>;
  traceparent: string | null;
  tracestate: string | null;
}

/** What a handler learns about an event besides its body. */
export interface EventMeta {
  eventId: string;
  /** The routing key it was published with, `<service>.<aggregate>.<event>`. */
  eventType: string;
  aggregateId: string;
  aggregateVersion: number;
  occurredAt: Date;
  correlationId: string | undefined;
  /** Protobuf message name of the body, e.g. `consorcio.events.v1.GroupCreated`. */
  payloadType: string;
  /** The broker delivered it before (to this or another consumer). */
  redelivered: boolean;
  /** Failed attempts before this one (0 on the first try). */
  attempt: number;
}

/**
 * AMQP publish options of an outbox event: `type` = payload message name, `messageId` = event id,
 * persistent, and the event headers. The stored trace context travels as `traceparent` /
 * `tracestate`; when the amqplib instrumentation is active it overwrites them with its publish span,
 * a child of the same trace.
 */
export function eventPublishOptions(m: OutboxMessage): Options.Publish {
  const stored = m.headers[HEADER.correlationId];
  const correlationId = typeof stored === 'string' ? stored : undefined;
  const headers: Record<string, unknown> = {
    ...m.headers,
    [HEADER.eventId]: m.eventId,
    [HEADER.eventType]: m.eventType,
    [HEADER.aggregateId]: m.aggregateId,
    // A JS number: amqplib encodes it as a signed integer, and versions stay far below 2^53.
    [HEADER.aggregateVersion]: Number(m.aggregateVersion),
    [HEADER.occurredAt]: m.occurredAt.toISOString(),
  };
  if (m.traceparent) headers[HEADER.traceparent] = m.traceparent;
  if (m.tracestate) headers[HEADER.tracestate] = m.tracestate;
  const options: Options.Publish = {
    type: m.payloadType,
    messageId: m.eventId,
    persistent: true,
    contentType: 'application/x-protobuf',
    timestamp: Math.floor(m.occurredAt.getTime() / 1000),
    headers,
  };
  if (correlationId) options.correlationId = correlationId;
  return options;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return undefined;
}

/** The `x-attempt` header of a message (0 when absent or garbled). */
export function attemptOf(msg: Pick<ConsumeMessage, 'properties'>): number {
  const n = Number(msg.properties.headers?.[HEADER.attempt] ?? 0);
  return Number.isInteger(n) && n >= 0 ? n : 0;
}

/**
 * The routing key a message was first published with: after a trip through a delay queue the
 * broker delivers it with the work queue's name, so the original travels in a header.
 */
export function originalRoutingKey(msg: Pick<ConsumeMessage, 'properties' | 'fields'>): string {
  return text(msg.properties.headers?.[HEADER.originalRoutingKey]) ?? msg.fields.routingKey;
}

/** Reads the event metadata of a delivery; a ValidationError (permanent) when a header is missing. */
export function readEventMeta(msg: Pick<ConsumeMessage, 'properties' | 'fields'>): EventMeta {
  const h = msg.properties.headers ?? {};
  const eventId = text(h[HEADER.eventId]) ?? text(msg.properties.messageId);
  const aggregateId = text(h[HEADER.aggregateId]);
  const version = Number(h[HEADER.aggregateVersion]);
  const occurredAt = new Date(text(h[HEADER.occurredAt]) ?? NaN);
  const missing = [
    ...(isUuid(eventId) ? [] : [{ field: HEADER.eventId, rule: 'must be a UUID' }]),
    ...(aggregateId ? [] : [{ field: HEADER.aggregateId, rule: 'required' }]),
    ...(Number.isInteger(version) && version > 0 ? [] : [{ field: HEADER.aggregateVersion, rule: 'positive integer' }]),
    ...(Number.isNaN(occurredAt.getTime()) ? [{ field: HEADER.occurredAt, rule: 'RFC 3339 timestamp' }] : []),
  ];
  ValidationError.throwIfAny(missing);
  return {
    eventId: eventId as string,
    eventType: text(h[HEADER.eventType]) ?? originalRoutingKey(msg),
    aggregateId: aggregateId as string,
    aggregateVersion: version,
    occurredAt,
    correlationId: text(h[HEADER.correlationId]) ?? text(msg.properties.correlationId),
    payloadType: text(msg.properties.type) ?? '',
    redelivered: msg.fields.redelivered,
    attempt: attemptOf(msg),
  };
}

/**
 * Options to republish a failed message to a delay or parked queue: the original properties and
 * headers (minus the broker's x-death bookkeeping), plus `x-attempt`, `x-last-error` and
 * `x-original-routing-key`.
 */
export function failurePublishOptions(
  msg: Pick<ConsumeMessage, 'properties' | 'fields'>,
  attempt: number,
  lastError: string,
): Options.Publish {
  const p = msg.properties;
  const headers: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p.headers ?? {})) {
    if (!k.startsWith('x-death') && !k.startsWith('x-first-death') && !k.startsWith('x-last-death')) headers[k] = v;
  }
  headers[HEADER.attempt] = attempt;
  headers[HEADER.lastError] = lastError;
  headers[HEADER.originalRoutingKey] = originalRoutingKey(msg);
  const options: Options.Publish = { persistent: true, headers };
  const type = text(p.type);
  const messageId = text(p.messageId);
  const correlationId = text(p.correlationId);
  const contentType = text(p.contentType);
  const timestamp: unknown = p.timestamp;
  if (type) options.type = type;
  if (messageId) options.messageId = messageId;
  if (correlationId) options.correlationId = correlationId;
  if (contentType) options.contentType = contentType;
  if (typeof timestamp === 'number') options.timestamp = timestamp;
  return options;
}
