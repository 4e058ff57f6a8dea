import { catalogueEntry as entry, outgoingEvents } from '@consorcio/shared/bus';
import {
  DocumentGenerated,
  DocumentPurged,
  DocumentUploaded,
} from '@consorcio/shared/gen/consorcio/events/v1/documents_events';

/** Every event this service emits: routing key → protobuf message. Ids and hashes only, never names. */
export const DOCUMENTS_EVENTS = {
  'documents.document.uploaded': entry('consorcio.events.v1.DocumentUploaded', DocumentUploaded),
  'documents.document.generated': entry('consorcio.events.v1.DocumentGenerated', DocumentGenerated),
  'documents.document.purged': entry('consorcio.events.v1.DocumentPurged', DocumentPurged),
} as const;

/** One outbox row for an event of this service, encoded from its typed message. */
export const outgoing = outgoingEvents(DOCUMENTS_EVENTS);
