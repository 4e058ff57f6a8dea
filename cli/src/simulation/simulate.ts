import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { RestClient } from '../api/rest-client';
import { closeGroup, type ClosingSummary } from './closing';
import type { SimContext } from './context';
import { checkInvariants, type InvariantResult } from './invariants';
import {
  startSupporting,
  supportingInvariants,
  SUPPORTING_SERVICES,
  tallySupporting,
  type SupportingTally,
} from './supporting';
import { runPeriod, type MonthSummary } from './month';
import { Random } from './random';
import { formGroup, newUser } from './setup';
import type { TimeControl } from './time-control';

export interface SimulationOptions {
  /** The gateway. */
  url: string;
  admin: { username: string; password: string };
  quotas: number;
  months: number;
  seed: number;
  /** The credit value C, centavos (default R$ 60.000,00). */
  creditValue?: bigint;
  time: TimeControl;
  /** For the invariants only the books and the log can answer. */
  db: Knex;
  say: (line: string) => void;
  /** Keep retrying calls the platform cannot serve for this long, ms (the fault suite; default 0). */
  retryUnavailableMs?: number;
  /** A fault to inject while the members of that period pay. */
  fault?: SimContext['fault'];
  /**
   * Also exercise notifications, documents and reports: a webhook receiver, identity uploads, then each member's
   * notifications, the generated contracts and minutes, and the group's reports written to `outDir`.
   */
  supporting?: { outDir: string };
}

export interface SimulationReport {
  seed: number;
  quotas: number;
  months: number;
  groupId: string;
  constitutedOn: string;
  periods: MonthSummary[];
  closing: ClosingSummary;
  invariants: InvariantResult[];
  supporting?: SupportingTally;
  profiles: Record<string, number>;
  seconds: number;
}

/**
 * A group's whole term through the running platform's REST API: formed, billed every month, paid (mostly on time,
 * some late, a few never), assemblies held with a recorded extraction, members contemplated and their credit paid
 * out, defaulters excluded by the rules, the group closed — then the invariants checked. The same seed makes the
 * same members, payments, bids and extractions.
 */
export async function simulate(o: SimulationOptions): Promise<SimulationReport> {
  const started = Date.now();
  const runId = `${o.seed}-${randomUUID().slice(0, 8)}`;
  const retry = o.retryUnavailableMs ?? 0;
  const admin = (await RestClient.login(o.url, o.admin.username, o.admin.password)).retrying(retry);
  const [makers, checker] = [
    (await newUser(admin, `sim-${runId}-operator`, ['OPERATOR'])).retrying(retry),
    (await newUser(admin, `sim-${runId}-checker`, ['OPERATOR'])).retrying(retry),
  ];
  const base = {
    admin,
    makers,
    checker,
    time: o.time,
    rng: new Random(o.seed),
    say: o.say,
    dueDay: 10,
    months: o.months,
    creditValue: o.creditValue ?? 6_000_000n,
    assemblies: new Map<number, string>(),
    paidIn: { centavos: 0n },
    fault: o.fault,
  };
  o.say(`forming group SIM-${runId}: ${o.quotas} quotas, ${o.months} months, seed ${o.seed}`);
  const auditFrom = await auditLogSize(o.db);
  const documentBase = Number.parseInt(randomUUID().replaceAll('-', '').slice(0, 7), 16);
  const formed = await formGroup(base, { quotas: o.quotas, runId, documentBase });
  const ctx: SimContext = { ...base, ...formed };
  o.say(`constituted on ${ctx.constitutedOn}`);
  const supporting = o.supporting ? await startSupporting(ctx, 5) : undefined;
  let periods: MonthSummary[];
  let closing: ClosingSummary;
  let invariants: InvariantResult[];
  let tally: SupportingTally | undefined;
  try {
    periods = await runTerm(ctx, o.months, o.say);
    closing = await closeGroup(ctx);
    o.say(`closed on ${closing.closedOn}: ${closing.status}`);
    invariants = await checkInvariants(ctx, o.db, supporting ? SUPPORTING_SERVICES : [], auditFrom);
    if (supporting && o.supporting) {
      tally = await tallySupporting(ctx, supporting, o.supporting.outDir);
      invariants.push(...supportingInvariants(tally, supporting));
    }
  } finally {
    // The webhook receiver listens until here, whatever happened (else it would keep the process alive).
    await supporting?.stop();
  }
  const profiles: Record<string, number> = {};
  for (const m of ctx.members) profiles[m.profile] = (profiles[m.profile] ?? 0) + 1;
  return {
    seed: o.seed,
    quotas: o.quotas,
    months: o.months,
    groupId: ctx.groupId,
    constitutedOn: ctx.constitutedOn,
    periods,
    closing,
    invariants,
    ...(tally ? { supporting: tally } : {}),
    profiles,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
}

/** How many entries the audit log holds now (the index the next one gets). */
async function auditLogSize(db: Knex): Promise<bigint> {
  const res = await db.raw<{ rows: { n: string }[] }>('select count(*) as n from audit.entries');
  return BigInt(res.rows[0]?.n ?? 0);
}

/** Every period of the term after the first, a line each. */
async function runTerm(ctx: SimContext, months: number, say: (line: string) => void): Promise<MonthSummary[]> {
  say('period  due on      billed  on time  late  bids  drawn  by bid  letters  excluded  common fund (R$)');
  const periods: MonthSummary[] = [];
  for (let period = 2; period <= months; period++) {
    const m = await runPeriod(ctx, period);
    periods.push(m);
    say(
      [
        String(m.period).padStart(6),
        m.dueOn.padEnd(10),
        String(m.billed).padStart(6),
        String(m.paidOnTime).padStart(7),
        String(m.paidLate).padStart(5),
        String(m.bids).padStart(5),
        String(m.drawn).padStart(6),
        String(m.byBid).padStart(7),
        String(m.lettersReleased).padStart(8),
        String(m.excluded).padStart(9),
        reais(BigInt(m.commonFundCentavos)).padStart(17),
      ].join('  '),
    );
  }
  return periods;
}

/** R$ with thousands dots and a decimal comma, from centavos. */
export function reais(centavos: bigint): string {
  const sign = centavos < 0n ? '-' : '';
  const abs = centavos < 0n ? -centavos : centavos;
  const whole = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${sign}${whole},${(abs % 100n).toString().padStart(2, '0')}`;
}
