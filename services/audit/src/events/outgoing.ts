import { catalogueEntry as entry, outgoingEvents } from '@consorcio/shared/bus';
import { CheckpointSigned } from '@consorcio/shared/gen/consorcio/events/v1/audit_events';

/** Every event this service emits: routing key → protobuf message (domain catalogue, audit row). */
export const AUDIT_EVENTS = {
  'audit.checkpoint.signed': entry('consorcio.events.v1.CheckpointSigned', CheckpointSigned),
} as const;

/** One outbox row for an event of this service, encoded from its typed message. */
export const outgoing = outgoingEvents(AUDIT_EVENTS);
