import type { Knex } from 'knex';
import type { LettersAnswer, MinutesAnswer, ReconcileAnswer, StatementAnswer, VerifyAnswer } from './answers';
import { until, type SimContext } from './context';

/** One invariant checked at the end of a simulation. */
export interface InvariantResult {
  name: string;
  ok: boolean;
  detail: string;
}

const SERVICES = ['groups', 'payments', 'draws', 'credit'];

/**
 * The invariants of a whole simulated term, checked through the REST API where it answers them and against the
 * database where only the books themselves can (every journal entry balanced, every event audited).
 */
export async function checkInvariants(
  ctx: SimContext,
  db: Knex,
  moreServices: readonly string[] = [],
  /** The audit log's size when the run began: `Verify` recomputes the run's entries (earlier ones as stored). */
  auditFrom = 0n,
): Promise<InvariantResult[]> {
  const results: InvariantResult[] = [];
  const check = async (name: string, fn: () => Promise<string | true>) => {
    try {
      const r = await fn();
      results.push({ name, ok: r === true, detail: r === true ? 'holds' : r });
    } catch (err) {
      results.push({ name, ok: false, detail: err instanceof Error ? err.message : String(err) });
    }
  };
  const g = ctx.groupId;

  await check('every ledger entry balanced', async () => {
    const res = await db.raw<{ rows: { n: string }[] }>(
      `select count(*) as n from (select e.id from payments.journal_entries e join payments.journal_lines l on l.entry_id = e.id
        where e.group_id = ? group by e.id having sum(l.debit) <> sum(l.credit)) unbalanced`,
      [g],
    );
    const n = Number(res.rows[0]?.n ?? 0);
    return n === 0 || `${n} unbalanced entries`;
  });

  await check("the group's fund balances equal the sum of its journal", async () => {
    const r = await ctx.admin.post<ReconcileAnswer>('/v1/ledger:reconcile', { groupId: g });
    return (r.differences ?? []).length === 0 || JSON.stringify(r.differences);
  });

  // What members paid (the simulation's own tally) reached the group's bank, and the books balance around it.
  await check('every centavo paid in is accounted for', async () => {
    const paidIn = ctx.paidIn.centavos;
    const res = await db.raw<{ rows: { bank_in: string; bank: string; receivable: string; credits: string }[] }>(
      `select
         coalesce(sum(case when l.account = 'BANK' and e.kind in ('E3', 'E4', 'E6') then l.debit end), 0) as bank_in,
         coalesce(sum(case when l.account = 'BANK' then l.debit - l.credit end), 0) as bank,
         coalesce(sum(case when l.account = 'INSTALLMENTS_RECEIVABLE' then l.debit - l.credit end), 0) as receivable,
         coalesce(sum(case when l.account not in ('BANK', 'INSTALLMENTS_RECEIVABLE') then l.credit - l.debit end), 0)
           as credits
       from payments.journal_entries e join payments.journal_lines l on l.entry_id = e.id
       where e.book = 'GROUP' and e.group_id = ?`,
      [g],
    );
    const row = res.rows[0]!;
    if (BigInt(row.bank_in) !== paidIn) return `members paid ${paidIn}, the group's bank received ${row.bank_in}`;
    const byStatements = await paidInByStatements(ctx);
    if (byStatements > paidIn) return `statements show ${byStatements} paid, more than the ${paidIn} members paid`;
    const assets = BigInt(row.bank) + BigInt(row.receivable);
    return assets === BigInt(row.credits) || `BANK + RECEIVABLE = ${assets}, liabilities and funds = ${row.credits}`;
  });

  await check('each assembly has exactly one result', async () => {
    for (const [period, id] of ctx.assemblies) {
      const { minutes } = await ctx.admin.get<MinutesAnswer>(`/v1/assemblies/${id}/minutes`);
      if (!minutes || minutes.period !== period) return `assembly ${period} has no minutes`;
    }
    const res = await db.raw<{ rows: { n: string }[] }>(
      `select count(*) as n from draws.results r join draws.assemblies a on a.id = r.assembly_id
       where a.group_id = ? group by a.period having count(*) > 1`,
      [g],
    );
    return res.rows.length === 0 || `${res.rows.length} periods with more than one result`;
  });

  await check('no quota contemplated twice', async () => {
    const seen = new Map<number, number>();
    for (const id of ctx.assemblies.values()) {
      const { minutes } = await ctx.admin.get<MinutesAnswer>(`/v1/assemblies/${id}/minutes`);
      for (const c of minutes.contemplations) seen.set(c.number, (seen.get(c.number) ?? 0) + 1);
    }
    const twice = [...seen].filter(([, n]) => n > 1).map(([number]) => number);
    return twice.length === 0 || `records contemplated twice: ${twice.join(', ')}`;
  });

  await check('every contemplated quota has a credit letter', async () => {
    const missing: number[] = [];
    for (const m of ctx.members.filter((x) => x.contemplatedIn !== undefined)) {
      const { letters } = await ctx.admin.get<LettersAnswer>(`/v1/members/${m.memberId}/letters`);
      if (letters.length === 0) missing.push(m.number);
    }
    return missing.length === 0 || `no letter for records ${missing.join(', ')}`;
  });

  await check('the audit log contains every event emitted, once', async () => {
    const outboxes = [...SERVICES, ...moreServices].map((s) => `select event_id from ${s}.outbox`).join(' union all ');
    return until(
      'every event in the audit log',
      async () => {
        const res = await db.raw<{ rows: { emitted: string; audited: string; missing: string }[] }>(
          `with emitted as (${outboxes})
           select (select count(*) from emitted) as emitted,
                  (select count(*) from audit.entries where event_id in (select event_id from emitted)) as audited,
                  (select count(*) from emitted where event_id not in (select event_id from audit.entries)) as missing`,
        );
        const r = res.rows[0]!;
        return Number(r.missing) === 0 && Number(r.emitted) === Number(r.audited) && (true as const);
      },
      120_000,
    );
  });

  await check("the audit log verifies (this run's entries)", async () => {
    await ctx.admin.post('/v1/audit/checkpoints');
    // A sandbox's log holds every earlier run too: give a long log the gateway's longest deadline.
    const v = await ctx.admin.post<VerifyAnswer>(
      '/v1/audit:verify',
      { fromIndex: auditFrom.toString() },
      { 'grpc-timeout': '60S' },
    );
    return v.ok === true || `first bad index ${v.firstBadIndex}: ${v.problem}`;
  });
  return results;
}

/** Everything members paid on installments (late fees included), from each record's statement. */
async function paidInByStatements(ctx: SimContext): Promise<bigint> {
  let total = 0n;
  for (const m of ctx.members) {
    const { statement } = await ctx.admin.get<StatementAnswer>(`/v1/quotas/${m.quotaId}/statement`);
    total += BigInt(statement.paidCentavos);
  }
  return total;
}
