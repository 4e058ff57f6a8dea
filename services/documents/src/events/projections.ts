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

/** Credit's adjustments of a group, in credit's version order (its aggregate is the group, its versions its own). */
const CREDIT_VALUE_GATE = 'documents.credit-value';

/** A record's holder, in the record's version order (groups' enrollment and transfers of the quota aggregate). */
const HOLDER_GATE = 'documents.quota-holder';

/**
 * Who holds the record now, unless a newer holder event of the record was applied already (an enrollment retried
 * after the transfer must not give the record back). Resolves whether it applied.
 */
export async function applyHolder(
  ctx: EventContext,
  quota: { quotaId: string; groupId: string },
  memberId: string,
): Promise<boolean> {
  const fresh = await acceptNewerVersion(ctx.trx, SCHEMA, HOLDER_GATE, ctx.meta.aggregateId, ctx.meta.aggregateVersion);
  if (!fresh) return false;
  await ctx
    .trx('documents.quotas')
    .insert({ id: quota.quotaId, group_id: quota.groupId, member_id: memberId })
    .onConflict('id')
    .merge(['member_id']);
  return true;
}

/** True once an adjustment of credit set the group's credit value (the plan's C₁ no longer applies). */
async function creditAdjusted(ctx: EventContext, groupId: string): Promise<boolean> {
  const row = await ctx
    .trx(`${SCHEMA}.projection_versions`)
    .where({ consumer: CREDIT_VALUE_GATE, aggregate_id: groupId })
    .first<{ version: string } | undefined>('version');
  return row !== undefined;
}

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
  const { credit_value: creditValue, ...plan } = planOf(e.parameters);
  const adjusted = await creditAdjusted(ctx, e.groupId);
  await ctx
    .trx('documents.groups')
    .where({ id: e.groupId })
    .update(adjusted ? plan : { ...plan, credit_value: creditValue });
};

/**
 * credit.adjustment.applied: the credit value in force from now on (contracts of later enrollments state it).
 * Applied in credit's version order for the group: an older adjustment arriving late (a retry) changes nothing.
 * A group not projected yet is retried (its creation would otherwise overwrite the adjusted value).
 */
export const onAdjustmentApplied: EventHandler = async (ctx) => {
  const e = AdjustmentApplied.decode(ctx.body);
  const known = await ctx.trx<{ id: string }>('documents.groups').where({ id: e.groupId }).first('id');
  if (!known) throw new UnavailableError(`group ${e.groupId} is not projected yet; retrying`);
  const fresh = await acceptNewerVersion(ctx.trx, SCHEMA, CREDIT_VALUE_GATE, e.groupId, ctx.meta.aggregateVersion);
  if (!fresh) return;
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

/**
 * groups.quota.transferred: the record's new holder (members read the minutes of the groups they are in), in the
 * record's version order.
 */
export const onQuotaTransferred: EventHandler = async (ctx) => {
  const e = QuotaTransferred.decode(ctx.body);
  if (!e.quota) return;
  await applyHolder(ctx, e.quota, e.toMemberId);
};
