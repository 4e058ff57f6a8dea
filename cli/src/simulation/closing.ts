import { addDays, BANK_HOLIDAYS, businessInstant } from '@consorcio/shared/clock';
import { assemblyDates } from '@consorcio/shared/rules';
import type { GroupAnswer } from './answers';
import { inPool, onceAccepted, type SimContext } from './context';
import { GONE, statuses } from './month';
import { payEverythingDue } from './pay';

/** What the closing did. */
export interface ClosingSummary {
  lastAssemblyOn: string;
  noticesSentOn: string;
  closedOn: string;
  distributed: Record<string, string>;
  status: string;
}

/**
 * Winds the group up after its last assembly (period T) and closes it (domain §14): the last assembly recorded, the
 * closing notices sent the next business day, the final distribution 30 days later, then the group closed — well
 * inside the 120 days the rules allow after the last assembly.
 */
export async function closeGroup(ctx: SimContext): Promise<ClosingSummary> {
  const last = assemblyDates({
    constitutedOn: ctx.constitutedOn,
    dueDay: ctx.dueDay,
    period: ctx.months,
    holidays: BANK_HOLIDAYS,
  });
  const assemblyId = ctx.assemblies.get(ctx.months);
  if (!assemblyId) throw new Error(`the last assembly (period ${ctx.months}) was not held`);
  await ctx.makers.post(`/v1/groups/${ctx.groupId}:recordLastAssembly`, { assemblyId, heldOn: last.assemblyDate });
  const noticesSentOn = addDays(last.assemblyDate, 1);
  await ctx.time.advanceTo(businessInstant(noticesSentOn, '10:00'));
  await ctx.makers.post(`/v1/groups/${ctx.groupId}:recordClosingNotices`, { sentOn: noticesSentOn });
  // Before the final accounts everyone still in the group settles: the late payers after the notices, and a
  // contemplated defaulter (never excluded: the credit was paid out) through the execution of the guarantee.
  await ctx.makers.post('/v1/delinquency-evaluations', { on: noticesSentOn });
  const now = await statuses(ctx);
  const settling = ctx.members.filter((m) => !GONE.has(now.get(m.quotaId) ?? ''));
  await inPool(settling, 6, async (m) => {
    await payEverythingDue(ctx, m, noticesSentOn);
  });
  const closedOn = addDays(noticesSentOn, 31);
  await ctx.time.advanceTo(businessInstant(closedOn, '10:00'));
  // Payments learns from groups' event that the last assembly was held.
  const distributed = await onceAccepted('the closing distribution', /group_not_winding_up/, () =>
    ctx.makers.post<Record<string, string>>(`/v1/groups/${ctx.groupId}/closing-distribution`, { closedOn }),
  );
  const { group } = await ctx.makers.post<GroupAnswer>(`/v1/groups/${ctx.groupId}:close`);
  return { lastAssemblyOn: last.assemblyDate, noticesSentOn, closedOn, distributed, status: group.status };
}
