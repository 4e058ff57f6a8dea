import { acceptNewerVersion, type EventContext, type EventHandler } from '@consorcio/shared/bus';
import { UnavailableError } from '@consorcio/shared/errors';
import { AdjustmentApplied } from '@consorcio/shared/gen/consorcio/events/v1/credit_events';
import {
  GroupCancelled,
  GroupClosed,
  GroupConstituted,
  GroupCreated,
  GroupPublished,
  QuotaActivated,
  QuotaDelinquencyRecorded,
  QuotaEnrolled,
  QuotaExcluded,
  QuotaReinstatedActive,
  QuotaSettled,
  QuotaTransferred,
  QuotaWithdrawn,
} from '@consorcio/shared/gen/consorcio/events/v1/groups_events';
import {
  InstallmentBilled,
  InstallmentCancelled,
  InstallmentPaid,
  RefundAwarded,
} from '@consorcio/shared/gen/consorcio/events/v1/payments_events';
import type { QuotaRef } from '@consorcio/shared/gen/consorcio/events/v1/refs';
import { QuotaStatus, type GroupParameters } from '@consorcio/shared/gen/consorcio/groups/v1/groups';
import { fromProtoEnum } from '@consorcio/shared/grpc';
import { scheduleOpening } from '../app/calendar-reminders';
import { SCHEMA } from '../app/deps';

/**
 * What draws knows of other services, from their events (domain §7): each group's assembly rules and credit value,
 * each record's status and exclusion date, and each installment's effective due date and payment date — what the
 * snapshot's eligibility (§6.2) is computed from. Group events and each record's status events are applied in
 * version order; an event about a record not projected yet is retried.
 */

const gate = (ctx: EventContext, name: string) =>
  acceptNewerVersion(ctx.trx, SCHEMA, name, ctx.meta.aggregateId, ctx.meta.aggregateVersion);

function groupRow(id: string, status: string, p: GroupParameters | undefined) {
  if (!p) throw new UnavailableError('group event without parameters');
  return {
    id,
    status,
    max_quotas: p.maxQuotas,
    term_months: p.termMonths,
    credit_value: p.creditValueCentavos,
    draws_per_assembly: p.drawsPerAssembly ?? 1,
    excluded_draws_per_assembly: p.excludedDrawsPerAssembly ?? 0,
    extra_draws_when_funds_remain: p.extraDrawsWhenFundsRemain ?? false,
    free_bids_enabled: p.freeBidsEnabled ?? true,
    fixed_bids_enabled: p.fixedBidsEnabled ?? false,
    fixed_bid_pct: p.fixedBidPct ?? 0n,
    fixed_bid_slots_per_assembly: p.fixedBidSlotsPerAssembly ?? 0,
    embedded_bid_max_pct: p.embeddedBidMaxPct ?? 0n,
    max_bid_contemplations_per_assembly: p.maxBidContemplationsPerAssembly ?? 0,
    alternates_count: p.alternatesCount ?? 0,
    bid_payment_deadline_business_days: p.bidPaymentDeadlineBusinessDays ?? 3,
    exclusion_penalty_pct: p.exclusionPenaltyPct ?? 0n,
    due_day: p.dueDay ?? 10,
  };
}

export const onGroupDefined: EventHandler = async (ctx) => {
  const e =
    ctx.meta.eventType === 'groups.group.created' ? GroupCreated.decode(ctx.body) : GroupPublished.decode(ctx.body);
  const status = ctx.meta.eventType === 'groups.group.created' ? 'DRAFT' : 'FORMING';
  if (!(await gate(ctx, 'draws.group'))) return;
  const row = groupRow(e.groupId, status, e.parameters);
  await ctx
    .trx('draws.groups')
    .insert(row)
    .onConflict('id')
    .merge(Object.keys(row).filter((k) => k !== 'id' && k !== 'credit_value'));
};

export const onGroupStatus: EventHandler = async (ctx) => {
  if (!(await gate(ctx, 'draws.group'))) return;
  switch (ctx.meta.eventType) {
    case 'groups.group.constituted': {
      const e = GroupConstituted.decode(ctx.body);
      await ctx
        .trx('draws.groups')
        .where({ id: e.groupId })
        .update({ status: 'ACTIVE', constituted_on: e.constitutedOn });
      // The assembly calendar starts: period 2 opens with its billing (period 1 constituted the group).
      await scheduleOpening(ctx.trx, e.groupId, 2);
      return;
    }
    case 'groups.group.cancelled':
      await ctx
        .trx('draws.groups')
        .where({ id: GroupCancelled.decode(ctx.body).groupId })
        .update({ status: 'CANCELLED' });
      return;
    default:
      await ctx
        .trx('draws.groups')
        .where({ id: GroupClosed.decode(ctx.body).groupId })
        .update({ status: 'CLOSED' });
  }
};

export const onQuotaEnrolled: EventHandler = async (ctx) => {
  const e = QuotaEnrolled.decode(ctx.body);
  const ref = e.quota;
  if (!ref) return;
  const group = await ctx.trx('draws.groups').where({ id: ref.groupId }).first<{ id: string } | undefined>('id');
  if (!group) throw new UnavailableError(`group ${ref.groupId} is not projected yet; retrying`);
  await ctx
    .trx('draws.quotas')
    .insert({
      id: ref.quotaId,
      group_id: ref.groupId,
      number: ref.number,
      version: ref.version,
      member_id: e.memberId,
      status: 'ENROLLED',
    })
    .onConflict('id')
    .ignore();
};

async function knownQuota(ctx: EventContext, ref: QuotaRef | undefined): Promise<string> {
  const row = ref?.quotaId
    ? await ctx.trx('draws.quotas').where({ id: ref.quotaId }).forUpdate().first<{ id: string } | undefined>('id')
    : null;
  if (!row) throw new UnavailableError(`quota ${ref?.quotaId} is not projected yet; retrying`);
  return ref!.quotaId;
}

/** Status changes of a record, from groups' events, in version order. */
export const onQuotaStatus: EventHandler = async (ctx) => {
  let ref: QuotaRef | undefined;
  let patch: Record<string, unknown>;
  switch (ctx.meta.eventType) {
    case 'groups.quota.activated':
      ref = QuotaActivated.decode(ctx.body).quota;
      patch = { status: 'ACTIVE' };
      break;
    case 'groups.quota.reinstated_active': {
      const e = QuotaReinstatedActive.decode(ctx.body);
      ref = e.quota;
      patch = { status: fromProtoEnum(QuotaStatus, 'QUOTA_STATUS_', e.status, 'status') };
      break;
    }
    case 'groups.quota.delinquency_recorded': {
      const e = QuotaDelinquencyRecorded.decode(ctx.body);
      ref = e.quota;
      patch = { status: fromProtoEnum(QuotaStatus, 'QUOTA_STATUS_', e.status, 'status') };
      break;
    }
    case 'groups.quota.excluded': {
      const e = QuotaExcluded.decode(ctx.body);
      ref = e.quota;
      patch = { status: 'EXCLUDED', excluded_on: e.effectiveOn };
      break;
    }
    case 'groups.quota.withdrawn':
      ref = QuotaWithdrawn.decode(ctx.body).quota;
      patch = { status: 'WITHDRAWN' };
      break;
    case 'groups.quota.transferred': {
      const e = QuotaTransferred.decode(ctx.body);
      await ctx
        .trx('draws.quotas')
        .where({ id: await knownQuota(ctx, e.quota) })
        .update({ member_id: e.toMemberId });
      return;
    }
    default:
      ref = QuotaSettled.decode(ctx.body).quota;
      patch = { status: 'SETTLED' };
  }
  const id = await knownQuota(ctx, ref);
  if (!(await gate(ctx, 'draws.quota-status'))) return;
  await ctx.trx('draws.quotas').where({ id }).update(patch);
};

/** payments' installments: due dates and payment dates. */
export const onInstallment: EventHandler = async (ctx) => {
  switch (ctx.meta.eventType) {
    case 'payments.installment.billed': {
      const e = InstallmentBilled.decode(ctx.body);
      const id = await knownQuota(ctx, e.quota);
      await ctx
        .trx('draws.installments')
        .insert({ quota_id: id, period: e.period, effective_due_on: e.effectiveDueOn })
        .onConflict(['quota_id', 'period'])
        .merge(['effective_due_on']);
      return;
    }
    case 'payments.installment.paid': {
      const e = InstallmentPaid.decode(ctx.body);
      const id = await knownQuota(ctx, e.quota);
      const updated = await ctx
        .trx('draws.installments')
        .where({ quota_id: id, period: e.period })
        .update({ paid_on: e.paidOn });
      if (updated === 0) throw new UnavailableError(`installment ${e.period} of ${id} is not projected yet; retrying`);
      return;
    }
    default: {
      const e = InstallmentCancelled.decode(ctx.body);
      const id = await knownQuota(ctx, e.quota);
      await ctx.trx('draws.installments').where({ quota_id: id, period: e.period }).update({ cancelled: true });
    }
  }
};

/** payments.refund.awarded: the record is no longer an excluded candidate. */
export const onRefundAwarded: EventHandler = async (ctx) => {
  const e = RefundAwarded.decode(ctx.body);
  await ctx
    .trx('draws.quotas')
    .where({ id: await knownQuota(ctx, e.quota) })
    .update({ status: 'REFUND_AWARDED' });
};

/** credit.adjustment.applied: the group's credit value for the assemblies from then on. */
export const onAdjustment: EventHandler = async (ctx) => {
  const e = AdjustmentApplied.decode(ctx.body);
  await ctx.trx('draws.groups').where({ id: e.groupId }).update({ credit_value: e.newCreditValueCentavos });
};
