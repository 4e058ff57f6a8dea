import { ResultPublished } from '@consorcio/shared/gen/consorcio/events/v1/draws_events';
import { AdjustmentApplied } from '@consorcio/shared/gen/consorcio/events/v1/credit_events';
import {
  GroupClosed,
  GroupCreated,
  MemberErased,
  QuotaEnrolled,
  QuotaTransferred,
} from '@consorcio/shared/gen/consorcio/events/v1/groups_events';
import { EnrollmentChannel } from '@consorcio/shared/gen/consorcio/groups/v1/groups';
import { newId } from '@consorcio/shared/ids';
import { gDemoMinutes } from '../support/minutes-fixture';
import type { OtherEvent } from './harness';

/** G-DEMO's group as groups announces it: C = R$ 60.000,00, 72 months, 200 seats, fees 15 % (1 % upfront), 2 %. */
export function groupCreated(groupId: string, code = 'G-DEMO'): OtherEvent {
  return {
    eventType: 'groups.group.created',
    payloadType: 'consorcio.events.v1.GroupCreated',
    aggregateId: groupId,
    version: 1,
    occurredAt: new Date('2026-01-05T12:00:00Z'),
    body: GroupCreated.encode({
      groupId,
      code,
      parameters: {
        assetCategory: 1,
        creditValueCentavos: 6_000_000n,
        maxQuotas: 200,
        termMonths: 72,
        adminFeeTotalPct: 150_000n,
        adminFeeUpfrontPct: 10_000n,
        reserveFundTotalPct: 20_000n,
        adjustmentIndex: 0,
      },
    }).finish(),
  };
}

export function quotaEnrolled(groupId: string, memberId: string, number: number, quotaId = newId()): OtherEvent {
  return {
    eventType: 'groups.quota.enrolled',
    payloadType: 'consorcio.events.v1.QuotaEnrolled',
    aggregateId: quotaId,
    version: 1,
    occurredAt: new Date('2026-02-10T14:30:00Z'),
    body: QuotaEnrolled.encode({
      quota: { groupId, quotaId, number, version: 1 },
      memberId,
      enrolledAtPeriod: 1,
      channel: EnrollmentChannel.ENROLLMENT_CHANNEL_ONLINE,
      insuranceOptIn: false,
      replacement: false,
      enrolledOn: '2026-02-10',
    }).finish(),
  };
}

export function resultPublished(groupId: string, assemblyId = newId()): OtherEvent {
  return {
    eventType: 'draws.assembly.result_published',
    payloadType: 'consorcio.events.v1.ResultPublished',
    aggregateId: assemblyId,
    version: 3,
    occurredAt: new Date('2026-12-10T18:00:00Z'),
    body: ResultPublished.encode({
      assemblyId,
      groupId,
      period: 11,
      minutes: gDemoMinutes(groupId, assemblyId),
    }).finish(),
  };
}

export function groupClosed(groupId: string, closedOn: string, version = 9): OtherEvent {
  return {
    eventType: 'groups.group.closed',
    payloadType: 'consorcio.events.v1.GroupClosed',
    aggregateId: groupId,
    version,
    occurredAt: new Date(`${closedOn}T15:00:00Z`),
    body: GroupClosed.encode({ groupId, closedOn }).finish(),
  };
}

/** groups.quota.transferred: the quota aggregate's next version. */
export function quotaTransferred(
  quota: { groupId: string; quotaId: string; number: number },
  from: string,
  to: string,
  version = 2,
): OtherEvent {
  return {
    eventType: 'groups.quota.transferred',
    payloadType: 'consorcio.events.v1.QuotaTransferred',
    aggregateId: quota.quotaId,
    version,
    occurredAt: new Date('2026-03-01T12:00:00Z'),
    body: QuotaTransferred.encode(
      QuotaTransferred.fromPartial({
        quota: { ...quota, version: 1 },
        fromMemberId: from,
        toMemberId: to,
        transferredOn: '2026-03-01',
      }),
    ).finish(),
  };
}

/** credit.adjustment.applied: credit's aggregate is the group, with credit's own versions. */
export function adjustmentApplied(groupId: string, newCreditValue: bigint, version: number): OtherEvent {
  return {
    eventType: 'credit.adjustment.applied',
    payloadType: 'consorcio.events.v1.AdjustmentApplied',
    aggregateId: groupId,
    version,
    occurredAt: new Date('2026-04-01T12:00:00Z'),
    body: AdjustmentApplied.encode(
      AdjustmentApplied.fromPartial({ groupId, newCreditValueCentavos: newCreditValue, effectiveOn: '2026-04-01' }),
    ).finish(),
  };
}

/** groups.member.erased: ids only. */
export function memberErased(memberId: string): OtherEvent {
  return {
    eventType: 'groups.member.erased',
    payloadType: 'consorcio.events.v1.MemberErased',
    aggregateId: memberId,
    version: 5,
    occurredAt: new Date('2026-05-01T12:00:00Z'),
    body: MemberErased.encode({ memberId, erasedByUserId: 'admin-1', erasedOn: '2026-05-01' }).finish(),
  };
}
