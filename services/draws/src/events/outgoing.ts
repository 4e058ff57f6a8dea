import { catalogueEntry as entry, outgoingEvents } from '@consorcio/shared/bus';
import {
  AssemblyClosed,
  AssemblyScheduled,
  BidDefaulted,
  BiddingClosed,
  BiddingOpened,
  BidPlaced,
  BidPromoted,
  BidWithdrawn,
  BidWon,
  ExcludedRefundDrawn,
  LotteryRecorded,
  QuotaContemplated,
  ResultPublished,
} from '@consorcio/shared/gen/consorcio/events/v1/draws_events';

/** Every event this service emits: routing key → protobuf message (domain catalogue, draws rows). */
export const DRAWS_EVENTS = {
  'draws.assembly.scheduled': entry('consorcio.events.v1.AssemblyScheduled', AssemblyScheduled),
  'draws.assembly.bidding_opened': entry('consorcio.events.v1.BiddingOpened', BiddingOpened),
  'draws.bid.placed': entry('consorcio.events.v1.BidPlaced', BidPlaced),
  'draws.bid.withdrawn': entry('consorcio.events.v1.BidWithdrawn', BidWithdrawn),
  'draws.assembly.bidding_closed': entry('consorcio.events.v1.BiddingClosed', BiddingClosed),
  'draws.lottery.entered': entry('consorcio.events.v1.LotteryRecorded', LotteryRecorded),
  'draws.lottery.confirmed': entry('consorcio.events.v1.LotteryRecorded', LotteryRecorded),
  'draws.assembly.result_published': entry('consorcio.events.v1.ResultPublished', ResultPublished),
  'draws.bid.won': entry('consorcio.events.v1.BidWon', BidWon),
  'draws.bid.promoted': entry('consorcio.events.v1.BidPromoted', BidPromoted),
  'draws.bid.defaulted': entry('consorcio.events.v1.BidDefaulted', BidDefaulted),
  'draws.quota.contemplated': entry('consorcio.events.v1.QuotaContemplated', QuotaContemplated),
  'draws.excluded.refund_drawn': entry('consorcio.events.v1.ExcludedRefundDrawn', ExcludedRefundDrawn),
  'draws.assembly.closed': entry('consorcio.events.v1.AssemblyClosed', AssemblyClosed),
} as const;

/** One outbox row for an event of this service, encoded from its typed message. */
export const outgoing = outgoingEvents(DRAWS_EVENTS);
