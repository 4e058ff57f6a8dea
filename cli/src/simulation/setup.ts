import { randomUUID } from 'node:crypto';
import { calendarDateAt } from '@consorcio/shared/clock';
import { ApiError, RestClient } from '../api/rest-client';
import type { BalancesAnswer, GroupAnswer, MemberAnswer, QuotaAnswer, QuotasPage } from './answers';
import { until, type Profile, type SimContext, type SimMember } from './context';
import { payEverythingDue } from './pay';
import { syntheticCpf, type Random } from './random';

/** A signed-in user with these roles, created by the admin for this run. */
export async function newUser(admin: RestClient, username: string, roles: string[], memberId?: string) {
  const password = `sim-${randomUUID()}`;
  await admin.post('/v1/auth/users', { username, password, roles, ...(memberId ? { memberId } : {}) });
  return RestClient.login(admin.baseUrl, username, password);
}

/** Who pays how: most on time, some late, a few stop paying at some point of the term. */
export function profileOf(rng: Random, months: number): { profile: Profile; stopsAt: number } {
  const r = rng.next();
  // A defaulter stops in the first fifth of the term, mostly before being contemplated, so the rules exclude them
  // (a contemplated record is never excluded: it owes the credit it received).
  if (r < 0.06)
    return { profile: 'defaulter', stopsAt: rng.int(3, Math.max(3, Math.min(months - 4, 3 + Math.floor(months / 5)))) };
  if (r < 0.26) return { profile: 'late', stopsAt: Number.POSITIVE_INFINITY };
  return { profile: 'punctual', stopsAt: Number.POSITIVE_INFINITY };
}

/** The plan of the simulated group: a vehicle group of `quotas` records over `months`. */
export function simulatedPlan(quotas: number, months: number, creditValue: bigint) {
  return {
    assetCategory: 'ASSET_CATEGORY_VEHICLE',
    creditValueCentavos: creditValue.toString(),
    maxQuotas: quotas,
    termMonths: months,
    adminFeeTotalPct: '150000',
    adminFeeUpfrontPct: '0',
    reserveFundTotalPct: '20000',
    insuranceMonthlyPct: '0',
    adjustmentIndex: 'ADJUSTMENT_INDEX_IPCA',
    dueDay: 10,
  };
}

/**
 * Forms the group through the API: published, every seat sold to a new member (a valid synthetic CPF, never a real
 * person's), installment 1 paid by all, then constituted at its first assembly with the funds payments reports.
 */
export async function formGroup(
  ctx: Omit<SimContext, 'groupId' | 'constitutedOn' | 'members'>,
  o: { quotas: number; runId: string; documentBase: number },
): Promise<Pick<SimContext, 'groupId' | 'constitutedOn' | 'members'>> {
  const plan = simulatedPlan(o.quotas, ctx.months, ctx.creditValue);
  const { group } = await ctx.admin.post<GroupAnswer>('/v1/groups', { code: `SIM-${o.runId}`, parameters: plan });
  const groupId = group.groupId;
  await ctx.admin.post(`/v1/groups/${groupId}:publish`);
  const members: SimMember[] = [];
  for (let i = 1; i <= o.quotas; i++) {
    const { member } = await ctx.admin.post<MemberAnswer>('/v1/members', {
      kind: 'MEMBER_KIND_PERSON',
      document: syntheticCpf(o.documentBase + i),
      name: `Consorciado Simulado ${i}`,
      // Notices go out by e-mail (to files or a local SMTP sink on a sandbox): every member has an address.
      email: `consorciado${i}.${o.runId}@exemplo.com.br`,
    });
    const { quota } = await ctx.admin.post<QuotaAnswer>(
      `/v1/groups/${groupId}/quotas`,
      { memberId: member.memberId, channel: 'ENROLLMENT_CHANNEL_PREMISES', insuranceOptIn: false },
      { 'idempotency-key': `sim-${o.runId}-${i}` },
    );
    members.push({
      index: i,
      memberId: member.memberId,
      quotaId: quota.quotaId,
      number: quota.number,
      ...profileOf(ctx.rng, ctx.months),
    });
    if (i % 25 === 0 || i === o.quotas) ctx.say(`  enrolled ${i}/${o.quotas}`);
  }
  const today = calendarDateAt(await ctx.time.now());
  const partial: SimContext = { ...ctx, groupId, constitutedOn: today, members };
  for (const m of members) {
    // Payments learns of the sale from groups' event: until then the record is unknown there (404).
    await until(`installment 1 of record ${m.number}`, async () => {
      try {
        return (await payEverythingDue(partial, m, today)).paid > 0;
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) return false;
        throw err;
      }
    });
  }
  const balances = await until('the first installments in the common fund', async () => {
    const { balances: b } = await ctx.admin.get<BalancesAnswer>(`/v1/groups/${groupId}/fund-balances`);
    return BigInt(b.commonFundCentavos) > 0n && b;
  });
  await until('every record active', async () => {
    const q = await ctx.admin.get<QuotasPage>(
      `/v1/groups/${groupId}/quotas?page.pageSize=500&status=QUOTA_STATUS_ACTIVE`,
    );
    return q.quotas.length === o.quotas;
  });
  const { group: constituted } = await ctx.admin.post<GroupAnswer>(`/v1/groups/${groupId}:constitute`, {
    assemblyId: randomUUID(),
    commonFundCentavos: balances.commonFundCentavos,
    reserveFundCentavos: balances.reserveFundCentavos,
  });
  return { groupId, constitutedOn: constituted.constitutedOn, members };
}
