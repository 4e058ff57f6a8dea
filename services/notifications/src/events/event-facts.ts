import { LetterIssued, LetterReleased } from '@consorcio/shared/gen/consorcio/events/v1/credit_events';
import {
  ContemplationType,
  QuotaContemplated,
  ResultPublished,
} from '@consorcio/shared/gen/consorcio/events/v1/draws_events';
import { GroupClosed, QuotaExcluded } from '@consorcio/shared/gen/consorcio/events/v1/groups_events';
import {
  InstallmentBilled,
  InstallmentPaid,
  QuotaDelinquent,
} from '@consorcio/shared/gen/consorcio/events/v1/payments_events';
import type { QuotaRef } from '@consorcio/shared/gen/consorcio/events/v1/refs';
import { ExclusionReason } from '@consorcio/shared/gen/consorcio/groups/v1/groups';
import { ValidationError } from '@consorcio/shared/errors';
import { fromProtoEnum } from '@consorcio/shared/grpc';
import type { InstallmentFacts, NotificationFacts, QuotaFacts } from '../domain/facts';

/** The quota of an event; an event without one is malformed (parked, not retried). */
function quotaOf(ref: QuotaRef | undefined): QuotaFacts {
  if (!ref?.quotaId) throw new ValidationError('quota', 'is required in the event');
  return { groupId: ref.groupId, quotaId: ref.quotaId, number: ref.number, version: ref.version };
}

/** payments.installment.billed: the billed notice (the due-soon reminder reuses it). */
export function billedFacts(body: Buffer): InstallmentFacts {
  const e = InstallmentBilled.decode(body);
  return {
    kind: 'installment_billed',
    quota: quotaOf(e.quota),
    installmentId: e.installmentId,
    installmentNumber: e.number,
    period: e.period,
    dueOn: e.effectiveDueOn || e.dueOn,
    amountCentavos: e.amounts?.totalCentavos ?? 0n,
  };
}

/** Facts of every consumed event but the billed one, by routing key. */
const DECODERS: Record<string, (body: Buffer) => NotificationFacts> = {
  'payments.installment.billed': billedFacts,
  'payments.installment.paid': (body) => {
    const e = InstallmentPaid.decode(body);
    return {
      kind: 'payment_confirmed',
      quota: quotaOf(e.quota),
      period: e.period,
      amountCentavos: e.amountCentavos,
      paidOn: e.paidOn,
      onTime: e.onTime,
    };
  },
  'payments.quota.delinquent': (body) => {
    const e = QuotaDelinquent.decode(body);
    return {
      kind: 'installment_overdue',
      quota: quotaOf(e.quota),
      overdueCount: e.overdueCount,
      oldestDueOn: e.oldestEffectiveDue,
      evaluatedOn: e.evaluatedOn,
    };
  },
  'groups.quota.excluded': (body) => {
    const e = QuotaExcluded.decode(body);
    const reason = fromProtoEnum<'VOLUNTARY' | 'DELINQUENCY'>(ExclusionReason, 'EXCLUSION_REASON_', e.reason, 'reason');
    return {
      kind: 'quota_excluded',
      quota: quotaOf(e.quota),
      reason: reason ?? 'UNSPECIFIED',
      effectiveOn: e.effectiveOn,
    };
  },
  'draws.assembly.result_published': (body) => {
    const e = ResultPublished.decode(body);
    return {
      kind: 'assembly_result',
      groupId: e.groupId,
      assemblyId: e.assemblyId,
      period: e.period,
      assemblyDate: e.minutes?.assemblyDate ?? '',
      contemplatedNumbers: (e.minutes?.contemplations ?? []).map((c) => c.number),
    };
  },
  'draws.quota.contemplated': (body) => {
    const e = QuotaContemplated.decode(body);
    return {
      kind: 'quota_contemplated',
      quota: quotaOf(e.quota),
      contemplationId: e.contemplationId,
      period: e.period,
      contemplationType: fromProtoEnum(ContemplationType, 'CONTEMPLATION_TYPE_', e.type, 'type') ?? 'DRAW',
      creditValueCentavos: e.creditValueCentavos,
    };
  },
  'credit.letter.issued': (body) => {
    const e = LetterIssued.decode(body);
    return {
      kind: 'credit_letter_issued',
      quota: quotaOf(e.quota),
      letterId: e.letterId,
      creditAmountCentavos: e.creditAmountCentavos,
    };
  },
  'credit.letter.released': releasedFacts,
  'credit.letter.cashed_out': releasedFacts,
  'groups.group.closed': (body) => {
    const e = GroupClosed.decode(body);
    return { kind: 'group_closed', groupId: e.groupId, closedOn: e.closedOn };
  },
};

function releasedFacts(body: Buffer): NotificationFacts {
  const e = LetterReleased.decode(body);
  return {
    kind: 'credit_letter_released',
    quota: quotaOf(e.quota),
    letterId: e.letterId,
    releaseId: e.releaseId,
    releaseKind: e.kind,
    amountCentavos: e.amountCentavos,
    balanceAfterCentavos: e.balanceAfterCentavos,
  };
}

/** The routing keys that become notifications. */
export const NOTIFYING_EVENTS = Object.keys(DECODERS);

/** The facts an event states, by its routing key. */
export function factsOf(eventType: string, body: Buffer): NotificationFacts {
  const decode = DECODERS[eventType];
  if (!decode) throw new ValidationError('event_type', `${eventType} does not notify anyone`);
  return decode(body);
}
