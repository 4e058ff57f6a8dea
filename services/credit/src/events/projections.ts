import { acceptNewerVersion, appendToOutbox, type EventContext, type EventHandler } from '@consorcio/shared/bus';
import { calendarDateAt } from '@consorcio/shared/clock';
import { UnavailableError } from '@consorcio/shared/errors';
import { QuotaContemplated } from '@consorcio/shared/gen/consorcio/events/v1/draws_events';
import {
  GroupClosed,
  GroupConstituted,
  GroupCreated,
  GroupLastAssemblyHeld,
  GroupPublished,
  QuotaEnrolled,
  QuotaTransferred,
} from '@consorcio/shared/gen/consorcio/events/v1/groups_events';
import { IncomeAllocated } from '@consorcio/shared/gen/consorcio/events/v1/payments_events';
import { AdjustmentIndex } from '@consorcio/shared/gen/consorcio/groups/v1/groups';
import { creditAmount } from '../domain';
import { lockLetter, saveLetter } from '../db/letters-repo';
import { SCHEMA } from '../app/deps';
import { outgoing } from './outgoing';

/**
 * What credit knows of other services (domain §7): each group's analysis limits, cash-out rule and C timeline start
 * (groups), who holds each record (groups), the contemplations that issue letters (draws), and each letter's
 * monthly yield (payments' income allocation).
 */

const gate = (ctx: EventContext) =>
  acceptNewerVersion(ctx.trx, SCHEMA, 'credit.group', ctx.meta.aggregateId, ctx.meta.aggregateVersion);

export const onGroupDefined: EventHandler = async (ctx) => {
  const created = ctx.meta.eventType === 'groups.group.created';
  const e = created ? GroupCreated.decode(ctx.body) : GroupPublished.decode(ctx.body);
  const p = e.parameters;
  if (!p) throw new UnavailableError('group event without parameters');
  if (!(await gate(ctx))) return;
  const row = {
    id: e.groupId,
    status: created ? 'DRAFT' : 'FORMING',
    term_months: p.termMonths,
    credit_value: p.creditValueCentavos,
    max_income_commitment_pct: p.maxIncomeCommitmentPct ?? 300_000n,
    min_guarantee_coverage_pct: p.minGuaranteeCoveragePct ?? 1_000_000n,
    credit_cash_out_days: p.creditCashOutDays ?? 180,
    adjusts: p.adjustmentIndex !== AdjustmentIndex.ADJUSTMENT_INDEX_NONE,
    due_day: p.dueDay ?? 10,
  };
  // C is credit's own from here on (adjustments): a republication never overwrites it.
  await ctx
    .trx('credit.groups')
    .insert(row)
    .onConflict('id')
    .merge(Object.keys(row).filter((k) => !['id', 'credit_value'].includes(k)));
};

export const onGroupStatus: EventHandler = async (ctx) => {
  if (!(await gate(ctx))) return;
  switch (ctx.meta.eventType) {
    case 'groups.group.constituted': {
      const e = GroupConstituted.decode(ctx.body);
      await ctx
        .trx('credit.groups')
        .where({ id: e.groupId })
        .update({ status: 'ACTIVE', constituted_on: e.constitutedOn });
      return;
    }
    case 'groups.group.last_assembly_held':
      await ctx
        .trx('credit.groups')
        .where({ id: GroupLastAssemblyHeld.decode(ctx.body).groupId })
        .update({ last_assembly_held: true, status: 'WINDING_UP' });
      return;
    default:
      await ctx
        .trx('credit.groups')
        .where({ id: GroupClosed.decode(ctx.body).groupId })
        .update({ status: 'CLOSED' });
  }
};

export const onQuotaHolder: EventHandler = async (ctx) => {
  if (ctx.meta.eventType === 'groups.quota.enrolled') {
    const e = QuotaEnrolled.decode(ctx.body);
    if (!e.quota) return;
    await ctx
      .trx('credit.quotas')
      .insert({ id: e.quota.quotaId, group_id: e.quota.groupId, member_id: e.memberId })
      .onConflict('id')
      .merge(['member_id']);
    return;
  }
  const e = QuotaTransferred.decode(ctx.body);
  if (!e.quota) return;
  await ctx.trx('credit.quotas').where({ id: e.quota.quotaId }).update({ member_id: e.toMemberId });
  // The letter follows its record's holder (draws and payments keep the record; D-09).
  await ctx.trx('credit.letters').where({ quota_id: e.quota.quotaId }).update({ member_id: e.toMemberId });
};

/**
 * draws.quota.contemplated (§9.1): the letter, `C_p − E` fixed in centavos, issued once per contemplation (its id is
 * the letter's id, so a redelivered event finds the letter and issues nothing).
 */
export const onContemplated: EventHandler = async (ctx) => {
  const e = QuotaContemplated.decode(ctx.body);
  const quota = e.quota;
  if (!quota) return;
  const group = await ctx.trx('credit.groups').where({ id: quota.groupId }).first<{ id: string } | undefined>('id');
  if (!group) throw new UnavailableError(`group ${quota.groupId} is not projected yet; retrying`);
  const holder = await ctx
    .trx('credit.quotas')
    .where({ id: quota.quotaId })
    .first<{ member_id: string } | undefined>('member_id');
  const embedded = e.embeddedSplit
    ? e.embeddedSplit.fcCentavos + e.embeddedSplit.afCentavos + e.embeddedSplit.frCentavos
    : 0n;
  const amount = creditAmount(e.creditValueCentavos, embedded);
  const inserted = await ctx
    .trx('credit.letters')
    .insert({
      id: e.contemplationId,
      group_id: quota.groupId,
      quota_id: quota.quotaId,
      number: quota.number,
      version: quota.version,
      member_id: holder?.member_id ?? null,
      status: 'ISSUED',
      credit_amount: amount,
      balance: amount,
      credit_value_at_contemplation: e.creditValueCentavos,
      contemplated_on: calendarDateAt(ctx.meta.occurredAt),
    })
    .onConflict('id')
    .ignore()
    .returning('id');
  if (inserted.length === 0) return;
  await appendToOutbox(ctx.trx, SCHEMA, [
    outgoing(
      'credit.letter.issued',
      e.contemplationId,
      { letterId: e.contemplationId, quota, creditAmountCentavos: amount },
      ctx.meta.correlationId ?? ctx.meta.eventId,
    ),
  ]);
};

/** payments.income.allocated (§9.7, §12): each letter's share of the month's income adds to its balance. */
export const onIncomeAllocated: EventHandler = async (ctx) => {
  const e = IncomeAllocated.decode(ctx.body);
  for (const share of e.shares) {
    if (share.bucket !== 'CREDIT_LETTER' || share.amountCentavos <= 0n) continue;
    const exists = await ctx.trx('credit.letters').where({ id: share.key }).first<{ id: string } | undefined>('id');
    if (!exists) continue;
    const letter = await lockLetter(ctx.trx, share.key);
    await saveLetter(ctx.trx, letter.id, {
      balance: letter.balance + share.amountCentavos,
      yield: letter.yield + share.amountCentavos,
    });
  }
};
