import { addDays, BANK_HOLIDAYS, businessInstant } from '@consorcio/shared/clock';
import { assemblyDates, bidMoney } from '@consorcio/shared/rules';
import type {
  AssemblyAnswer,
  BalancesAnswer,
  BillingAnswer,
  LettersAnswer,
  Minutes,
  MinutesAnswer,
  QuotasPage,
} from './answers';
import { inPool, onceAccepted, until, type SimContext, type SimMember } from './context';

/** Members acting at the same time (payments, bids). */
const PARALLEL = 6;
import { payEverythingDue } from './pay';

/** What happened in one period, for the month-by-month summary. */
export interface MonthSummary {
  period: number;
  dueOn: string;
  /** Installments of the period (the calendar's run and the operator's together). */
  billed: number;
  paidOnTime: number;
  paidLate: number;
  bids: number;
  drawn: number;
  byBid: number;
  lettersReleased: number;
  excluded: number;
  commonFundCentavos: string;
}

/** Records that left the group: excluded (refund pending or paid) or withdrawn. */
export const GONE = new Set([
  'QUOTA_STATUS_EXCLUDED',
  'QUOTA_STATUS_REFUND_AWARDED',
  'QUOTA_STATUS_REFUNDED',
  'QUOTA_STATUS_WITHDRAWN',
]);

/** Every record of the group with its status, by quota id. */
export async function statuses(ctx: SimContext): Promise<Map<string, string>> {
  const quotas = await ctx.admin.listAll(`/v1/groups/${ctx.groupId}/quotas`, (p: QuotasPage) => p.quotas);
  return new Map(quotas.map((q) => [q.quotaId, q.status]));
}

/**
 * One period of the group's life, as the platform's calendar drives it and the members and operators act in it:
 * billing on its date, payments on the due date (the punctual on time, the late ones a month later, the defaulters
 * not at all), sealed bids while bidding is open, the extraction entered by one operator and confirmed by another,
 * the assembly run, winning bids paid, and every new credit letter analysed, approved and paid to the seller.
 */
export async function runPeriod(ctx: SimContext, period: number): Promise<MonthSummary> {
  const dates = assemblyDates({
    constitutedOn: ctx.constitutedOn,
    dueDay: ctx.dueDay,
    period,
    holidays: BANK_HOLIDAYS,
  });
  const billingDay = addDays(dates.dueOn, -10);
  await ctx.time.advanceTo(businessInstant(billingDay, '12:00'));
  // The calendar bills the period on its own at the billing date; an operator's run of the same period bills
  // only what it has not (none, normally) and answers once the whole period is billed.
  // Payments learns of the constitution from groups' event: right after it, the group may not be ACTIVE there yet.
  const billing = await onceAccepted(`period ${period} billed`, /group_not_active/, () =>
    ctx.makers.post<BillingAnswer>(`/v1/groups/${ctx.groupId}/billing-runs`, { period, dueOn: dates.dueOn }),
  );
  // The daily evaluation as of the billing date, run by an operator: the platform's own daily timer may still be
  // catching up on the days the simulation skipped, and the exclusions must be in before the assembly's snapshot.
  await ctx.makers.post('/v1/delinquency-evaluations', { on: billingDay });
  const before = await statuses(ctx);
  const assemblyId = await openAssembly(ctx, period, dates);

  // Due date: members pay.
  await ctx.time.advanceTo(businessInstant(dates.effectiveDueOn, '10:00'));
  const summary: MonthSummary = {
    period,
    dueOn: dates.dueOn,
    billed: Number(billing.billed ?? 0) + Number(billing.alreadyBilled ?? 0),
    paidOnTime: 0,
    paidLate: 0,
    bids: 0,
    drawn: 0,
    byBid: 0,
    lettersReleased: 0,
    excluded: 0,
    commonFundCentavos: '0',
  };
  // Who pays is drawn in member order (the seed decides it); the payments themselves go in at once.
  const payers = ctx.members.filter((m) => pays(ctx, m, period)).filter((m) => !GONE.has(before.get(m.quotaId) ?? ''));
  const paying = inPool(payers, PARALLEL, async (m) => {
    const r = await payEverythingDue(ctx, m, dates.effectiveDueOn);
    summary.paidOnTime += r.paid - r.late;
    summary.paidLate += r.late;
  });
  await Promise.all([paying, ctx.fault?.period === period ? ctx.fault.inject() : undefined]);

  // Bids: a quarter of the records still waiting, paid up, bid between 5 % and 45 % of the credit.
  const now = await statuses(ctx);
  // Every member's wish is drawn, bidding or not, so the seed alone decides the stream of draws.
  const bidders = ctx.members
    .map((m) => ({ m, wants: ctx.rng.chance(0.25), bidPct: ctx.rng.int(10, 90) * 5_000 }))
    .filter(({ m, wants }) => wants && now.get(m.quotaId) === 'QUOTA_STATUS_ACTIVE');
  await inPool(bidders, PARALLEL, async ({ m, bidPct }) => {
    try {
      await ctx.makers.post(`/v1/assemblies/${assemblyId}/bids`, {
        quotaId: m.quotaId,
        mode: 'BID_MODE_FREE',
        bidPct: String(bidPct),
        embeddedPct: '0',
      });
      summary.bids++;
    } catch {
      // A bid above what the record still owes is refused: the member simply does not bid this month.
    }
  });

  // The deadline passes: the calendar closes bidding and freezes the snapshot.
  await ctx.time.advanceTo(new Date(dates.bidDeadline.getTime() + 60_000));
  await until(`assembly ${period} bidding closed`, async () => {
    const { assembly } = await ctx.admin.get<AssemblyAnswer>(`/v1/assemblies/${assemblyId}`);
    return assembly.status !== 'ASSEMBLY_STATUS_BIDDING_OPEN' && assembly.status !== 'ASSEMBLY_STATUS_SCHEDULED';
  });

  // The extraction: entered by one operator, confirmed by another, then the assembly runs.
  await ctx.time.advanceTo(businessInstant(dates.extractionDate, '20:30'));
  const prizes = Array.from({ length: 5 }, () => ctx.rng.int(0, 99_999));
  await ctx.makers.post(`/v1/assemblies/${assemblyId}/lottery`, {
    extractionNumber: 6_000 + period,
    extractionDate: dates.extractionDate,
    prizes,
    source: `simulation, extraction ${6_000 + period}`,
  });
  await ctx.checker.post(`/v1/assemblies/${assemblyId}/lottery:confirm`);
  const { minutes } = await ctx.makers.post<MinutesAnswer>(`/v1/assemblies/${assemblyId}:run`);

  // The assembly day: winners of bids pay their own part; every letter issued goes to its seller.
  await ctx.time.advanceTo(businessInstant(dates.assemblyDate, '10:00'));
  const byNumber = new Map(ctx.members.map((m) => [m.number, m]));
  for (const c of minutes.contemplations) {
    const m = byNumber.get(c.number);
    if (!m) continue;
    m.contemplatedIn = period;
    if (c.type === 'FREE_BID' || c.type === 'FIXED_BID') {
      summary.byBid++;
      await payBid(ctx, m, assemblyId, minutes, c.bidId ?? '', dates.assemblyDate);
    } else summary.drawn++;
  }
  summary.lettersReleased = await releaseLetters(ctx, period);
  const after = await statuses(ctx);
  summary.excluded = [...after.values()].filter((s) => GONE.has(s)).length;
  const { balances } = await ctx.admin.get<BalancesAnswer>(`/v1/groups/${ctx.groupId}/fund-balances`);
  summary.commonFundCentavos = balances.commonFundCentavos;
  return summary;
}

/**
 * Whether a member pays this month: defaulters never again from their stop; the late ones skip a month now and then
 * but catch up before a second is overdue (they mind the exclusion threshold).
 */
function pays(ctx: SimContext, m: SimMember, period: number): boolean {
  if (period >= m.stopsAt) return false;
  if (m.profile !== 'late') return true;
  const skipped = m.lastSkipped === period - 1;
  if (!skipped && ctx.rng.chance(0.35)) {
    m.lastSkipped = period;
    return false;
  }
  return true;
}

/** The period's assembly, opened by the calendar with the billing. */
async function openAssembly(ctx: SimContext, period: number, dates: ReturnType<typeof assemblyDates>): Promise<string> {
  const { assembly } = await ctx.makers.post<AssemblyAnswer>(`/v1/groups/${ctx.groupId}/assemblies`, {
    period,
    bidDeadline: dates.bidDeadline.toISOString(),
    extractionDate: dates.extractionDate,
    assemblyDate: dates.assemblyDate,
  });
  ctx.assemblies.set(period, assembly.assemblyId);
  await until(`assembly ${period} open for bids`, async () => {
    const a = await ctx.admin.get<AssemblyAnswer>(`/v1/assemblies/${assembly.assemblyId}`);
    return a.assembly.status === 'ASSEMBLY_STATUS_BIDDING_OPEN';
  });
  return assembly.assemblyId;
}

async function payBid(
  ctx: SimContext,
  m: SimMember,
  assemblyId: string,
  minutes: Minutes,
  bidId: string,
  on: string,
): Promise<void> {
  const bid = minutes.bids.find((b) => b.bidId === bidId);
  if (!bid) throw new Error(`bid ${bidId} is not in the minutes of assembly ${assemblyId}`);
  const money = bidMoney({
    creditValue: BigInt(minutes.creditValueCentavos),
    bidPct: BigInt(bid.bidPct),
    embeddedPct: BigInt(bid.embeddedPct ?? '0'),
    remaining: { fc: BigInt(bid.remaining.fcPct), af: BigInt(bid.remaining.afPct), fr: BigInt(bid.remaining.frPct) },
  });
  await until(`the bid charge of record ${m.number}`, async () => {
    try {
      await ctx.admin.post(`/v1/quotas/${m.quotaId}/bid-payments`, {
        assemblyId,
        idempotencyKey: `sim-bid-${bidId}`,
        amountCentavos: money.own.toString(),
        paidOn: on,
      });
      ctx.paidIn.centavos += money.own;
      return true;
    } catch (err) {
      if ((err as { status?: number }).status === 404) return false; // payments has not booked the win yet
      throw err;
    }
  });
}

/** Walks every letter issued to a contemplated member through usage, analysis, approval, guarantee and release. */
async function releaseLetters(ctx: SimContext, period: number): Promise<number> {
  let released = 0;
  for (const m of ctx.members.filter((x) => x.contemplatedIn === period && !x.letterReleased)) {
    const letter = await until(`the credit letter of record ${m.number}`, async () => {
      const { letters } = await ctx.admin.get<LettersAnswer>(`/v1/members/${m.memberId}/letters`);
      return letters.find((l) => l.status === 'LETTER_STATUS_ISSUED');
    });
    await walkLetter(ctx, m, letter.letterId, BigInt(letter.balanceCentavos));
    m.letterReleased = true;
    released++;
  }
  return released;
}

async function walkLetter(ctx: SimContext, m: SimMember, letterId: string, balance: bigint): Promise<void> {
  const { document } = await ctx.makers.upload<{ document: unknown }>(
    `/v1/letters/${letterId}/documents/proposal.pdf`,
    Buffer.from(`%PDF-1.7 simulated purchase proposal for record ${m.number}`),
    'application/pdf',
  );
  await ctx.makers.post(`/v1/letters/${letterId}:request-usage`, {
    assetDescription: `Vehicle for record ${m.number}`,
    sellerName: 'Concessionária Simulada Ltda',
    sellerDocument: '11.222.333/0001-81',
    priceCentavos: balance.toString(),
    documents: [document],
  });
  await ctx.makers.post(`/v1/letters/${letterId}/analysis`, {
    // An income ten times the installment and a guarantee worth 1.5 × the credit: an analysis that passes (D-06).
    provenMonthlyIncomeCentavos: ((ctx.creditValue * 12n) / BigInt(ctx.months)).toString(),
    nextInstallmentCentavos: ((ctx.creditValue * 12n) / 10n / BigInt(ctx.months)).toString(),
    outstandingBalanceCentavos: ctx.creditValue.toString(),
    guaranteeAppraisedCentavos: ((balance * 3n) / 2n).toString(),
    guaranteeKind: 'FIDUCIARY_LIEN',
  });
  await ctx.checker.post(`/v1/letters/${letterId}:approve`);
  await ctx.makers.post(`/v1/letters/${letterId}:register-guarantee`, { registration: `DETRAN-SIM ${m.number}` });
  await ctx.makers.post(`/v1/letters/${letterId}/releases`, {
    kind: 'RELEASE_KIND_SELLER',
    amountCentavos: balance.toString(),
    idempotencyKey: `sim-release-${letterId}`,
  });
}
