import { catalogueEntry as entry, outgoingEvents } from '@consorcio/shared/bus';
import {
  BidPaid,
  ClosingDistributed,
  FundRevalued,
  IncomeAllocated,
  InstallmentBilled,
  InstallmentCancelled,
  InstallmentPaid,
  JournalPosted,
  LateFeeCharged,
  QuotaCurrent,
  PrepaymentMade,
  QuotaDelinquent,
  RefundAwarded,
  RefundPaid,
} from '@consorcio/shared/gen/consorcio/events/v1/payments_events';

/** Every event this service emits: routing key → protobuf message (domain catalogue, payments rows). */
export const PAYMENTS_EVENTS = {
  'payments.installment.billed': entry('consorcio.events.v1.InstallmentBilled', InstallmentBilled),
  'payments.installment.paid': entry('consorcio.events.v1.InstallmentPaid', InstallmentPaid),
  'payments.installment.cancelled': entry('consorcio.events.v1.InstallmentCancelled', InstallmentCancelled),
  'payments.late_fee.charged': entry('consorcio.events.v1.LateFeeCharged', LateFeeCharged),
  'payments.quota.delinquent': entry('consorcio.events.v1.QuotaDelinquent', QuotaDelinquent),
  'payments.quota.current': entry('consorcio.events.v1.QuotaCurrent', QuotaCurrent),
  'payments.journal.posted': entry('consorcio.events.v1.JournalPosted', JournalPosted),
  'payments.bid.paid': entry('consorcio.events.v1.BidPaid', BidPaid),
  'payments.prepayment.made': entry('consorcio.events.v1.PrepaymentMade', PrepaymentMade),
  'payments.fund.revalued': entry('consorcio.events.v1.FundRevalued', FundRevalued),
  'payments.income.allocated': entry('consorcio.events.v1.IncomeAllocated', IncomeAllocated),
  'payments.refund.awarded': entry('consorcio.events.v1.RefundAwarded', RefundAwarded),
  'payments.refund.paid': entry('consorcio.events.v1.RefundPaid', RefundPaid),
  'payments.closing.distributed': entry('consorcio.events.v1.ClosingDistributed', ClosingDistributed),
} as const;

/** One outbox row for an event of this service, encoded from its typed message. */
export const outgoing = outgoingEvents(PAYMENTS_EVENTS);
