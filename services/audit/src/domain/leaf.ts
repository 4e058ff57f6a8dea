import { AuditLeaf } from '@consorcio/shared/gen/consorcio/audit/v1/audit';

/** What the log keeps of one published event (the message's headers and its body). */
export interface PublishedEvent {
  eventId: string;
  eventType: string;
  aggregateId: string;
  aggregateVersion: number;
  occurredAt: Date;
  correlationId: string | undefined;
  payloadType: string;
  /** The body exactly as published. */
  payload: Uint8Array;
}

/**
 * The leaf of one event: the deterministic protobuf encoding of `AuditLeaf` (fields in number order, defaults
 * left out), so anyone holding the same event can rebuild the same bytes and hash.
 */
export function encodeLeaf(e: PublishedEvent): Buffer {
  return Buffer.from(
    AuditLeaf.encode({
      eventId: e.eventId,
      eventType: e.eventType,
      aggregateId: e.aggregateId,
      aggregateVersion: BigInt(e.aggregateVersion),
      occurredAt: e.occurredAt,
      correlationId: e.correlationId ?? '',
      payloadType: e.payloadType,
      payload: Buffer.from(e.payload),
    }).finish(),
  );
}

/** Reads a leaf back; undefined when the bytes are not an AuditLeaf. */
export function decodeLeaf(leaf: Uint8Array): AuditLeaf | undefined {
  try {
    return AuditLeaf.decode(leaf);
  } catch {
    return undefined;
  }
}

/** `audit.*` events are not logged: the log does not log itself. */
export function isLogged(eventType: string): boolean {
  return !eventType.startsWith('audit.');
}
