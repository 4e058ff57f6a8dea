import { LetterIssued, LetterReleased } from '@consorcio/shared/gen/consorcio/events/v1/credit_events';
import {
  ContemplationType,
  QuotaContemplated,
  ResultPublished,
} from '@consorcio/shared/gen/consorcio/events/v1/draws_events';
import {
  GroupClosed,
  MemberErased,
  QuotaEnrolled,
  QuotaExcluded,
  QuotaTransferred,
} from '@consorcio/shared/gen/consorcio/events/v1/groups_events';
import {
  InstallmentBilled,
  InstallmentPaid,
  QuotaDelinquent,
} from '@consorcio/shared/gen/consorcio/events/v1/payments_events';
import type { QuotaRef } from '@consorcio/shared/gen/consorcio/events/v1/refs';
import { ExclusionReason } from '@consorcio/shared/gen/consorcio/groups/v1/groups';

/** An event as another service's relay would publish it, encoded with the generated encoders. */
export interface SampleEvent {
  eventType: string;
  payloadType: string;
  aggregateId: string;
  body: Buffer;
}

const ev = (eventType: string, payloadType: string, aggregateId: string, body: Uint8Array): SampleEvent => ({
  eventType,
  payloadType: `consorcio.events.v1.${payloadType}`,
  aggregateId,
  body: Buffer.from(body),
});

export function enrolledEvent(quota: QuotaRef, memberId: string): SampleEvent {
  const body = QuotaEnrolled.encode(
    QuotaEnrolled.fromPartial({ quota, memberId, enrolledAtPeriod: 1, enrolledOn: '2026-01-05' }),
  ).finish();
  return ev('groups.quota.enrolled', 'QuotaEnrolled', quota.quotaId, body);
}

export function transferredEvent(quota: QuotaRef, fromMemberId: string, toMemberId: string): SampleEvent {
  const body = QuotaTransferred.encode(
    QuotaTransferred.fromPartial({ quota, fromMemberId, toMemberId, transferredOn: '2026-02-01' }),
  ).finish();
  return ev('groups.quota.transferred', 'QuotaTransferred', quota.quotaId, body);
}

/** groups.member.erased: ids only (the aggregate is the member). */
export function erasedEvent(memberId: string): SampleEvent {
  const body = MemberErased.encode(
    MemberErased.fromPartial({ memberId, erasedByUserId: 'admin-1', erasedOn: '2026-03-01' }),
  ).finish();
  return ev('groups.member.erased', 'MemberErased', memberId, body);
}

export const BILLED_TOTAL = 123_456n; // R$ 1.234,56

export function billedEvent(quota: QuotaRef, o: { installmentId: string; period: number; dueOn: string }): SampleEvent {
  const body = InstallmentBilled.encode(
    InstallmentBilled.fromPartial({
      quota,
      installmentId: o.installmentId,
      period: o.period,
      number: o.period,
      dueOn: o.dueOn,
      effectiveDueOn: o.dueOn,
      creditValueCentavos: 10_000_000n,
      amounts: { fcCentavos: 100_000n, afCentavos: 20_000n, frCentavos: 3_456n, totalCentavos: BILLED_TOTAL },
    }),
  ).finish();
  return ev('payments.installment.billed', 'InstallmentBilled', o.installmentId, body);
}

export function paidEvent(quota: QuotaRef, period: number): SampleEvent {
  const body = InstallmentPaid.encode(
    InstallmentPaid.fromPartial({ quota, period, amountCentavos: BILLED_TOTAL, paidOn: '2026-06-01', onTime: true }),
  ).finish();
  return ev('payments.installment.paid', 'InstallmentPaid', quota.quotaId, body);
}

/** One event of every kind that notifies, about `quota` (group-wide ones about its group). */
export function notifyingEvents(quota: QuotaRef, ids: { installmentId: string; letterId: string }): SampleEvent[] {
  return [
    billedEvent(quota, { installmentId: ids.installmentId, period: 3, dueOn: '2026-03-10' }),
    ev(
      'payments.installment.paid',
      'InstallmentPaid',
      quota.quotaId,
      InstallmentPaid.encode(
        InstallmentPaid.fromPartial({ quota, period: 2, amountCentavos: 98_765n, paidOn: '2026-02-09', onTime: true }),
      ).finish(),
    ),
    ev(
      'payments.quota.delinquent',
      'QuotaDelinquent',
      quota.quotaId,
      QuotaDelinquent.encode(
        QuotaDelinquent.fromPartial({
          quota,
          overdueCount: 2,
          overduePeriods: [2, 3],
          oldestEffectiveDue: '2026-02-10',
          evaluatedOn: '2026-03-12',
        }),
      ).finish(),
    ),
    ev(
      'groups.quota.excluded',
      'QuotaExcluded',
      quota.quotaId,
      QuotaExcluded.encode(
        QuotaExcluded.fromPartial({
          quota,
          reason: ExclusionReason.EXCLUSION_REASON_DELINQUENCY,
          overduePeriods: [2, 3, 4],
          effectiveOn: '2026-04-12',
        }),
      ).finish(),
    ),
    ev(
      'draws.assembly.result_published',
      'ResultPublished',
      quota.groupId,
      ResultPublished.encode(
        ResultPublished.fromPartial({
          assemblyId: ids.letterId,
          groupId: quota.groupId,
          period: 4,
          minutes: {
            assemblyDate: '2026-04-16',
            contemplations: [{ type: 'DRAW', number: quota.number }, { number: 7 }],
          },
        }),
      ).finish(),
    ),
    ev(
      'draws.quota.contemplated',
      'QuotaContemplated',
      quota.quotaId,
      QuotaContemplated.encode(
        QuotaContemplated.fromPartial({
          contemplationId: ids.letterId,
          quota,
          type: ContemplationType.CONTEMPLATION_TYPE_FREE_BID,
          period: 4,
          creditValueCentavos: 10_000_000n,
        }),
      ).finish(),
    ),
    ev(
      'credit.letter.issued',
      'LetterIssued',
      ids.letterId,
      LetterIssued.encode(
        LetterIssued.fromPartial({ letterId: ids.letterId, quota, creditAmountCentavos: 9_500_000n }),
      ).finish(),
    ),
    ev(
      'credit.letter.released',
      'LetterReleased',
      ids.letterId,
      LetterReleased.encode(
        LetterReleased.fromPartial({
          letterId: ids.letterId,
          quota,
          releaseId: ids.installmentId,
          kind: 'SELLER',
          amountCentavos: 9_000_000n,
          balanceAfterCentavos: 500_000n,
        }),
      ).finish(),
    ),
    ev(
      'groups.group.closed',
      'GroupClosed',
      quota.groupId,
      GroupClosed.encode(GroupClosed.fromPartial({ groupId: quota.groupId, closedOn: '2030-06-30' })).finish(),
    ),
  ];
}
