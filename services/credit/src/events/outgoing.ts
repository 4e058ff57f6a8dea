import { catalogueEntry as entry, outgoingEvents } from '@consorcio/shared/bus';
import {
  AdjustmentApplied,
  IndexRecorded,
  LetterCancelled,
  LetterIssued,
  LetterReleased,
  LetterStepped,
} from '@consorcio/shared/gen/consorcio/events/v1/credit_events';

/** Every event this service emits: routing key → protobuf message (domain catalogue, credit rows). */
export const CREDIT_EVENTS = {
  'credit.letter.issued': entry('consorcio.events.v1.LetterIssued', LetterIssued),
  'credit.letter.usage_requested': entry('consorcio.events.v1.LetterStepped', LetterStepped),
  'credit.letter.approved': entry('consorcio.events.v1.LetterStepped', LetterStepped),
  'credit.letter.rejected': entry('consorcio.events.v1.LetterStepped', LetterStepped),
  'credit.guarantee.registered': entry('consorcio.events.v1.LetterStepped', LetterStepped),
  'credit.letter.released': entry('consorcio.events.v1.LetterReleased', LetterReleased),
  'credit.letter.cashed_out': entry('consorcio.events.v1.LetterReleased', LetterReleased),
  'credit.letter.cancelled': entry('consorcio.events.v1.LetterCancelled', LetterCancelled),
  'credit.index.entered': entry('consorcio.events.v1.IndexRecorded', IndexRecorded),
  'credit.index.confirmed': entry('consorcio.events.v1.IndexRecorded', IndexRecorded),
  'credit.adjustment.applied': entry('consorcio.events.v1.AdjustmentApplied', AdjustmentApplied),
} as const;

/** One outbox row for an event of this service, encoded from its typed message. */
export const outgoing = outgoingEvents(CREDIT_EVENTS);
