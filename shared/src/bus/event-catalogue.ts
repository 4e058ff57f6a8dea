import type { BinaryWriter } from '@bufbuild/protobuf/wire';
import type { OutboxEventInput } from './outbox';

/** The encoder of a generated (ts-proto) event message. */
export interface EventCodec<T> {
  encode(message: T, writer?: BinaryWriter): BinaryWriter;
}

/** One row of a service's event catalogue: the protobuf message name and its codec. */
export interface CatalogueEntry<T> {
  type: string;
  codec: EventCodec<T>;
}

export const catalogueEntry = <T>(type: string, codec: EventCodec<T>): CatalogueEntry<T> => ({ type, codec });

type MessageOf<E> = E extends CatalogueEntry<infer T> ? T : never;

/**
 * The `outgoing(key, aggregateId, message, correlationId)` of a service's catalogue (routing key → message): one
 * outbox row, encoded from the typed message, so an event can only be emitted with the message its key names.
 */
export function outgoingEvents<C extends Record<string, CatalogueEntry<never>>>(catalogue: C) {
  return function outgoing<K extends keyof C & string>(
    key: K,
    aggregateId: string,
    message: MessageOf<C[K]>,
    correlationId: string,
  ): OutboxEventInput {
    const { type, codec } = catalogue[key] as unknown as CatalogueEntry<MessageOf<C[K]>>;
    return { eventType: key, aggregateId, payloadType: type, payload: codec.encode(message).finish(), correlationId };
  };
}
