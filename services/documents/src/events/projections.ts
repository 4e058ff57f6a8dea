import { acceptNewerVersion, type EventContext, type EventHandler } from '@consorcio/shared/bus';
import { UnavailableError } from '@consorcio/shared/errors';
import { AdjustmentApplied } from '@consorcio/shared/gen/consorcio/events/v1/credit_events';
import {
  GroupClosed,
  GroupCreated,
  GroupPublished,
  QuotaTransferred,
} from '@consorcio/shared/gen/consorcio/events/v1/groups_events';
import type { GroupParameters } from '@consorcio/shared/gen/consorcio/groups/v1/groups';
import { groupRetainUntil, type RetentionPolicy } from '../domain/retention';
import { SCHEMA } from '../app/deps';

/**
 * What documents knows of other services (domain §7): each group's code and plan (the contract states them), its
 * credit value in force (credit's adjustments), its closing (retention), and who holds each record.
 */

const gate = (ctx: EventContext) =>
  acceptNewerVersion(ctx.trx, SCHEMA, 'documents.group', ctx.meta.aggregateId, ctx.meta.aggregateVersion);

const planOf = (p: GroupParameters) => ({
  term_months: p.termMonths,
  credit_value: p.creditValueCentavos,
  admin_fee_total_pct: p.adminFeeTotalPct ?? 0n,
  admin_fee_upfront_pct: p.adminFeeUpfrontPct ?? 0n,
  reserve_fund_total_pct: p.reserveFundTotalPct ?? 0n,
  insurance_monthly_pct: p.insuranceMonthlyPct ?? 0n,
  max_quotas: p.maxQuotas,
});

/** groups.group.created / .published: the group's code and plan. */
export const onGroupDefined: EventHandler = async (ctx) => {
  if (ctx.meta.eventType === 'groups.group.created') {
    const e = GroupCreated.decode(ctx.body);
    if (!e.parameters) throw new UnavailableError('group event without parameters');
    if (!(await gate(ctx))) return;
    await ctx
      .trx('documents.groups')
      .insert({ id: e.groupId, code: e.code, ...planOf(e.parameters) })
      .onConflict('id')
      .merge();
    return;
  }
  const e = GroupPublished.decode(ctx.body);
  if (!e.parameters) throw new UnavailableError('group event without parameters');
  const known = await ctx.trx<{ id: string }>('documents.groups').where({ id: e.groupId }).first('id');
  if (!known) throw new UnavailableError(`group ${e.groupId} is not projected yet; retrying`);
  if (!(await gate(ctx))) return;
  await ctx.trx('documents.groups').where({ id: e.groupId }).update(planOf(e.parameters));
};

/** credit.adjustment.applied: the credit value in force from now on (contracts of later enrollments state it). */
export const onAdjustmentApplied: EventHandler = async (ctx) => {
  const e = AdjustmentApplied.decode(ctx.body);
  await ctx.trx('documents.groups').where({ id: e.groupId }).update({ credit_value: e.newCreditValueCentavos });
};

/** groups.group.closed: the group's documents may be purged 5 years from its closing (domain §16). */
export function onGroupClosed(retention: RetentionPolicy): EventHandler {
  return async (ctx) => {
    const e = GroupClosed.decode(ctx.body);
    if (!(await gate(ctx))) return;
    await ctx.trx('documents.groups').where({ id: e.groupId }).update({ closed_on: e.closedOn });
    await ctx
      .trx('documents.documents')
      .where({ group_id: e.groupId })
      .whereNull('purged_at')
      .update({ retain_until: groupRetainUntil(e.closedOn, retention) });
  };
}

/** groups.quota.transferred: the record's new holder (members read the minutes of the groups they are in). */
export const onQuotaTransferred: EventHandler = async (ctx) => {
  const e = QuotaTransferred.decode(ctx.body);
  if (!e.quota) return;
  await ctx
    .trx('documents.quotas')
    .insert({ id: e.quota.quotaId, group_id: e.quota.groupId, member_id: e.toMemberId })
    .onConflict('id')
    .merge(['member_id']);
};
