import type { ConsumeMessage } from 'amqplib';
import { ValidationError } from '../errors';
import { isUuid } from '../ids';
import { attemptOf } from '../bus';

/** Header carrying the actor id (the routing key says the same; the header survives dead-lettering). */
export const ACTOR_ID_HEADER = 'actor_id';

/** What a mailbox handler learns about a message besides its body. */
export interface ActorMessage {
  /** UUIDv7 assigned by `send`; the inbox key. */
  messageId: string;
  actorId: string;
  /** Message type given to `send`. */
  type: string;
  /** The headers given to `send` (plus trace context). */
  headers: Readonly<Record<string, unknown>>;
  redelivered: boolean;
  /** Failed attempts before this one, in this delivery (0 on the first try). */
  attempt: number;
}

/** Reads an actor message from a delivery; a ValidationError (permanent) when it is malformed. */
export function readActorMessage(msg: Pick<ConsumeMessage, 'properties' | 'fields'>): ActorMessage {
  const headers = msg.properties.headers ?? {};
  const messageId: unknown = msg.properties.messageId;
  const actorId: unknown = headers[ACTOR_ID_HEADER] ?? msg.fields.routingKey;
  const type: unknown = msg.properties.type;
  if (!isUuid(messageId)) throw new ValidationError('messageId', 'must be a UUID');
  if (typeof actorId !== 'string' || actorId === '') throw new ValidationError(ACTOR_ID_HEADER, 'required');
  if (typeof type !== 'string' || type === '') throw new ValidationError('type', 'required');
  return { messageId, actorId, type, headers, redelivered: msg.fields.redelivered, attempt: attemptOf(msg) };
}
