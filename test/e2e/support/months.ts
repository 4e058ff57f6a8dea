import { randomUUID } from 'node:crypto';
import { calendarDateAt } from '@consorcio/shared/clock';
import { ApiError, RestClient } from '../../../cli/src/api/rest-client';
import type {
  BalancesAnswer,
  GroupAnswer,
  MemberAnswer,
  QuotaAnswer,
  QuotasPage,
} from '../../../cli/src/simulation/answers';
import { until, type SimContext, type SimMember } from '../../../cli/src/simulation/context';
import { runPeriod, type MonthSummary } from '../../../cli/src/simulation/month';
import { payEverythingDue } from '../../../cli/src/simulation/pay';
import { Random, syntheticCpf } from '../../../cli/src/simulation/random';
import { newUser, simulatedPlan } from '../../../cli/src/simulation/setup';
import { controlledTime } from '../../../cli/src/simulation/time-control';
import { ADMIN, type Platform } from './platform';

/** Someone who joins the group: the personal data groups keeps encrypted, and notifications reads to send e-mail. */
export interface Person {
  name: string;
  email: string;
  phone: string;
}

/** A member of the group as a test acts for them: their record and their own MEMBER token. */
export interface GroupMember extends SimMember, Person {
  document: string;
  token: string;
}

/** A small group formed through REST and taken through its months by the simulation's own steps. */
export interface MonthsGroup {
  groupId: string;
  code: string;
  ctx: SimContext;
  members: GroupMember[];
  /** One whole period: billing, everyone paying on time, bids, the assembly, letters paid to sellers. */
  runMonth(period: number): Promise<MonthSummary>;
}

/**
 * Forms a group of `quotas` records (10 by default, the fewest where one record is within the 10 % concentration
 * cap; credit R$ 6.000,00) through the REST API — created, published, every seat sold to a member with e-mail and
 * phone, installment 1 paid by all, constituted — the way the CLI's simulation forms its groups, whose month step
 * (`runPeriod`) then drives it. Every member pays on time.
 */
export async function formGroup(
  p: Platform,
  o: { code: string; quotas?: number; months?: number; seed?: number },
): Promise<MonthsGroup> {
  const people: Person[] = Array.from({ length: o.quotas ?? 10 }, (_, i) => ({
    name: `Consorciada ${o.code} ${i + 1}`,
    email: `${o.code.toLowerCase()}.${i + 1}@example.com`,
    phone: `+5511987${String(i + 1).padStart(6, '0')}`,
  }));
  const months = o.months ?? 6;
  const admin = await RestClient.login(p.url, ADMIN.username, ADMIN.password);
  const base = {
    admin,
    makers: await newUser(admin, `${o.code}-maker-${randomUUID()}`, ['OPERATOR']),
    checker: await newUser(admin, `${o.code}-checker-${randomUUID()}`, ['OPERATOR']),
    time: controlledTime(p.clock),
    rng: new Random(o.seed ?? 7),
    say: () => undefined,
    dueDay: 10,
    months,
    creditValue: 600_000n,
    assemblies: new Map<number, string>(),
    paidIn: { centavos: 0n },
    fault: undefined,
  };
  const plan = simulatedPlan(people.length, months, base.creditValue);
  const { group } = await admin.post<GroupAnswer>('/v1/groups', { code: o.code, parameters: plan });
  await admin.post(`/v1/groups/${group.groupId}:publish`);
  const documentBase = Number.parseInt(randomUUID().replaceAll('-', '').slice(0, 7), 16);
  const members: GroupMember[] = [];
  for (const [i, person] of people.entries()) {
    const document = syntheticCpf(documentBase + i);
    const { member } = await admin.post<MemberAnswer>('/v1/members', {
      kind: 'MEMBER_KIND_PERSON',
      document,
      ...person,
    });
    const { quota } = await admin.post<QuotaAnswer>(`/v1/groups/${group.groupId}/quotas`, {
      memberId: member.memberId,
      channel: 'ENROLLMENT_CHANNEL_PREMISES',
      insuranceOptIn: false,
    });
    members.push({
      ...person,
      document,
      index: i + 1,
      memberId: member.memberId,
      quotaId: quota.quotaId,
      number: quota.number,
      profile: 'punctual',
      stopsAt: Number.POSITIVE_INFINITY,
      token: await p.userToken(['MEMBER'], member.memberId),
    });
  }
  const today = calendarDateAt(p.clock.now());
  const ctx: SimContext = { ...base, groupId: group.groupId, constitutedOn: today, members };
  for (const m of members) {
    // payments learns of the record from groups' event: until then it is unknown there (404).
    await until(`installment 1 of record ${m.number}`, async () => {
      try {
        return (await payEverythingDue(ctx, m, today)).paid > 0;
      } catch (err) {
        if (err instanceof ApiError && err.status === 404) return false;
        throw err;
      }
    });
  }
  const balances = await until('every installment 1 in the common fund', async () => {
    const { balances: b } = await admin.get<BalancesAnswer>(`/v1/groups/${group.groupId}/fund-balances`);
    return BigInt(b.commonFundCentavos) > 0n && b;
  });
  // groups learns of each payment from payments' event: every record must be ACTIVE there first.
  await until('every record active', async () => {
    const q = await admin.get<QuotasPage>(`/v1/groups/${group.groupId}/quotas?status=QUOTA_STATUS_ACTIVE`);
    return q.quotas.length === members.length;
  });
  const { group: constituted } = await admin.post<GroupAnswer>(`/v1/groups/${group.groupId}:constitute`, {
    assemblyId: randomUUID(),
    commonFundCentavos: balances.commonFundCentavos,
    reserveFundCentavos: balances.reserveFundCentavos,
  });
  ctx.constitutedOn = constituted.constitutedOn;
  return { groupId: group.groupId, code: o.code, ctx, members, runMonth: (period) => runPeriod(ctx, period) };
}
