// One assembly of a group of N quotas with 40 % of them bidding, on the draws service of the draws harness (groups,
// payments and draws on a private exchange): CloseBidding — the snapshot: funds and each bidder's and excluded
// record's percentages from payments over gRPC, the eligibility query, the sealed bid book — then, once the
// lottery is entered and confirmed, RunAssembly — Redlock + fence, the pure runAssembly, the minutes, every bid's
// outcome, contemplations and events in one transaction. Baseline: the SQL reads of the assembly's inputs alone
// (group rules, fund balances, eligibility query, excluded records, bid book, the bidders' and excluded records'
// percentages in one query). Records are seeded straight into draws' and payments' projections. Targets (not
// asserted): the assembly ≤ 3 × the reads, and near-linear from the second-largest size to the largest.
// Run: `npm run bench:assembly [-- --quick | --sizes 500,5000,50000 --bidding 0.4]`.
import { randomInt } from 'node:crypto';
import { newId } from '@consorcio/shared/ids';
import { closeBidding, confirmLottery, enterLottery } from '../services/draws/src/app/assemblies';
import { eligibleSeats } from '../services/draws/src/app/eligible-seats';
import { assemblyInput, type Snapshot } from '../services/draws/src/app/minutes';
import { runAssemblyCommand } from '../services/draws/src/app/run-assembly';
import { getAssembly } from '../services/draws/src/db/assemblies-repo';
import { bidCommitment, runAssembly } from '../services/draws/src/domain';
import { startDrawsHarness, type DrawsHarness } from '../services/draws/test/integration/harness';
import { benchArgs } from './support/args';
import { benchInfra, pgSettings } from './support/infra';
import { traceQueries } from './support/query-trace';
import { compare, report, runMain, startRun, table, type SummaryRow } from './support/report';
import { round, since, timed } from './support/stats';

const args = benchArgs(
  'assembly',
  'One assembly (close bidding + run) vs the SQL reads of its inputs.',
  {
    sizes: { full: '500,5000,50000', quick: '500,2000', help: 'quotas per group, comma-separated' },
    bidding: { full: '0.4', quick: '0.4', help: 'share of the quotas bidding (taken from ACTIVE seats)' },
  },
  { positional: 'sizes' },
);

const PERIOD = 11;
const DEADLINE = new Date('2025-01-09T20:00:00Z'); // the harness's clock is 2025-01-10T15:00Z

async function seed(h: DrawsHarness, n: number, bidding: number): Promise<{ groupId: string; assemblyId: string }> {
  const groupId = newId();
  await h.db('draws.groups').insert({
    ...{ id: groupId, status: 'ACTIVE', max_quotas: n, term_months: 240, credit_value: 6_000_000n },
    ...{ draws_per_assembly: 2, excluded_draws_per_assembly: 2, extra_draws_when_funds_remain: true },
    ...{ free_bids_enabled: true, fixed_bids_enabled: false, fixed_bid_pct: 0n, fixed_bid_slots_per_assembly: 0 },
    ...{ embedded_bid_max_pct: 300_000n, max_bid_contemplations_per_assembly: 0, alternates_count: 3 },
    ...{ bid_payment_deadline_business_days: 3, exclusion_penalty_pct: 100_000n, due_day: 10 },
    constituted_on: '2024-01-20',
  });
  // 1 % EXCLUDED (refund candidates), 5 % DELINQUENT, the rest ACTIVE; 11 installments, all paid on time.
  await h.db.raw(
    `insert into draws.quotas (id, group_id, number, version, member_id, status, excluded_on)
     select gen_random_uuid(), ?, s, 1, gen_random_uuid(),
            case when s % 100 = 0 then 'EXCLUDED' when s % 20 = 0 then 'DELINQUENT' else 'ACTIVE' end,
            case when s % 100 = 0 then date '2024-12-05' end
       from generate_series(1, ?) s`,
    [groupId, n],
  );
  await h.db.raw(
    `insert into draws.installments (quota_id, period, effective_due_on, paid_on)
     select q.id, p, date '2024-02-10' + (p - 1) * 30, date '2024-02-10' + (p - 1) * 30
       from draws.quotas q cross join generate_series(1, ?) p where q.group_id = ?`,
    [PERIOD, groupId],
  );
  // payments' side of the same records: the group, its funds, each record's schedule and what it paid.
  await h.db('payments.groups').insert({
    ...{ id: groupId, code: `A-${n}-${groupId.slice(0, 4)}`, status: 'ACTIVE', max_quotas: n, term_months: 240 },
    ...{ admin_fee_total_pct: 180_000n, admin_fee_upfront_pct: 0n, reserve_fund_total_pct: 24_000n },
    ...{ insurance_monthly_pct: 380n, late_fine_pct: 20_000n, late_interest_monthly_pct: 10_000n },
    ...{ late_fees_group_share_pct: 500_000n, exclusion_threshold: 3, exclusion_penalty_pct: 100_000n, due_day: 10 },
    constituted_on: '2024-01-20',
  });
  await h
    .db('payments.credit_values')
    .insert({ group_id: groupId, effective_on: '-infinity', credit_value: 6_000_000n });
  await h.db('payments.account_balances').insert([
    { book: 'GROUP', group_key: groupId, account: 'COMMON_FUND', slot: 0, debit: 0n, credit: BigInt(n) * 60_000n },
    { book: 'GROUP', group_key: groupId, account: 'RESERVE_FUND', slot: 0, debit: 0n, credit: 900_000n },
  ]);
  await h.db.raw(
    `insert into payments.quotas (id, group_id, number, version, member_id, status, insurance_opt_in, enrolled_period,
       first_period, installment_count, regular_fc_pct, regular_af_pct, regular_fr_pct, last_fc_pct, last_af_pct,
       last_fr_pct, paid_fc_pct, paid_af_pct, paid_fr_pct, paid_count)
     select id, group_id, number, version, member_id, status, false, 1, 1, 240, 4166, 750, 100, 4306, 750, 100,
       4166 * ?, 750 * ?, 100 * ?, ? from draws.quotas where group_id = ?`,
    [PERIOD, PERIOD, PERIOD, PERIOD, groupId],
  );
  const assemblyId = newId();
  await h.db('draws.assemblies').insert({
    ...{ id: assemblyId, group_id: groupId, period: PERIOD, status: 'BIDDING_OPEN', bid_deadline: DEADLINE },
    ...{ extraction_date: '2025-01-10', assembly_date: '2025-01-10' },
  });
  // Bidders: `bidding` of the seats, spread over the group, ACTIVE ones only.
  const seats = await h
    .db('draws.quotas')
    .where({ group_id: groupId, status: 'ACTIVE' })
    .orderBy('number')
    .select<{ id: string; number: number }[]>('id', 'number');
  const want = Math.round(n * bidding);
  const bidders = seats.filter(
    (_, i) => Math.floor(((i + 1) * want) / seats.length) > Math.floor((i * want) / seats.length),
  );
  const rows = bidders.map((q) => {
    const id = newId();
    const bidPct = BigInt(randomInt(50_000, 600_000));
    const salt = randomInt(1e9).toString(16);
    const content = {
      bidId: id,
      number: q.number,
      mode: 'FREE' as const,
      bidPct,
      embeddedPct: 0n,
      amortizationMode: 'REDUCE_TERM',
    };
    return {
      ...{ id, assembly_id: assemblyId, quota_id: q.id, number: q.number, mode: 'FREE', bid_pct: bidPct },
      ...{ embedded_pct: 0n, amortization_mode: 'REDUCE_TERM', salt, commitment: bidCommitment(content, salt) },
      ...{ status: 'SUBMITTED', placed_at: new Date('2025-01-08T12:00:00Z') },
    };
  });
  for (let i = 0; i < rows.length; i += 1000) await h.db('draws.bids').insert(rows.slice(i, i + 1000));
  await h.db.raw('analyze draws.quotas, draws.installments, draws.bids, payments.quotas');
  return { groupId, assemblyId };
}

/** The assembly's inputs, read with plain SQL (no remote calls, no domain code). */
async function readInputs(h: DrawsHarness, groupId: string, assemblyId: string): Promise<number> {
  const db = h.db;
  await db('draws.groups').where({ id: groupId }).first();
  await db('payments.account_balances')
    .where({ group_key: groupId })
    .groupBy('account')
    .select('account', db.raw('sum(credit) - sum(debit) as net'));
  await eligibleSeats(db, groupId, PERIOD, '2025-01-09');
  const excluded = await db('draws.quotas').where({ group_id: groupId, status: 'EXCLUDED' }).select('id');
  const bids = await db('draws.bids').where({ assembly_id: assemblyId }).select<{ quota_id: string }[]>('*');
  const ids = [...bids.map((b) => b.quota_id), ...excluded.map((q: { id: string }) => q.id)];
  const pcts = await db.raw<{ rows: unknown[] }>(
    `select id, paid_fc_pct, paid_af_pct, paid_fr_pct, regular_fc_pct, regular_af_pct, regular_fr_pct, last_fc_pct,
            last_af_pct, last_fr_pct, installment_count, paid_count from payments.quotas where id = any(?::uuid[])`,
    [ids],
  );
  return pcts.rows.length;
}

async function measure(h: DrawsHarness, n: number) {
  const { groupId, assemblyId } = await seed(h, n, args.num('bidding'));
  await readInputs(h, groupId, assemblyId); // warm-up
  const reads = await timed(() => readInputs(h, groupId, assemblyId));
  const deps = h.draws[0]!.deps;
  const trace = process.env.BENCH_TRACE_SQL ? traceQueries(deps.db) : undefined;
  const close = await timed(() => closeBidding(deps, { correlationId: 'bench', userId: 'op-a' }, assemblyId));
  await enterLottery(
    deps,
    { correlationId: 'bench', userId: 'op-a' },
    {
      assemblyId,
      extractionNumber: 6000,
      extractionDate: '2025-01-10',
      prizes: [83_417, 1, 2, 3, 4],
      source: 'bench run',
    },
  );
  await confirmLottery(deps, { correlationId: 'bench', userId: 'op-b' }, assemblyId);
  const runCmd = await timed(() => runAssemblyCommand(deps, { correlationId: 'bench', userId: 'op-a' }, assemblyId));
  trace?.stop();
  trace?.print();
  const snapshot = (await getAssembly(h.db, assemblyId)).snapshot as Snapshot;
  const t = performance.now();
  runAssembly(assemblyInput(snapshot, 83_417));
  const pureMs = since(t);
  return {
    quotas: n,
    eligible: close.value.eligible,
    bids: close.value.bids,
    contemplations: runCmd.value.contemplations.length,
    closeBiddingMs: round(close.ms, 1),
    runAssemblyCommandMs: round(runCmd.ms, 1),
    assemblyMs: round(close.ms + runCmd.ms, 1),
    pureRunAssemblyMs: round(pureMs, 1),
    inputReadsMs: round(reads.ms, 1),
    percentageRowsRead: reads.value,
  };
}

async function main(): Promise<void> {
  const run = startRun();
  const sizes = args.nums('sizes');
  await benchInfra();
  const h = await startDrawsHarness();
  const out: Awaited<ReturnType<typeof measure>>[] = [];
  let settings: Record<string, string> | undefined;
  try {
    settings = await pgSettings(h.db);
    for (const n of sizes) {
      console.log(`assembly of ${n} quotas…`);
      out.push(await measure(h, n));
    }
  } finally {
    await h.stop();
  }
  console.log(
    '\n' +
      table(
        ['quotas', 'eligible', 'bids', 'contemplated', 'close ms', 'run ms', 'assembly ms', 'pure ms', 'reads ms'],
        out.map((r) =>
          [
            r.quotas,
            r.eligible,
            r.bids,
            r.contemplations,
            r.closeBiddingMs,
            r.runAssemblyCommandMs,
            r.assemblyMs,
            r.pureRunAssemblyMs,
            r.inputReadsMs,
          ].map(String),
        ),
      ),
  );
  const rows: SummaryRow[] = out.map((r) =>
    compare(
      `assembly ${r.quotas.toLocaleString('en-US')}`,
      { value: r.assemblyMs, unit: 'ms' },
      { value: r.inputReadsMs, unit: 'ms (reads)' },
      '≤ 3 × reads',
      (x) => x <= 3,
    ),
  );
  const [a, b] = out.slice(-2);
  if (a && b && out.length >= 2)
    rows.push(
      compare(
        `assembly ${a.quotas.toLocaleString('en-US')}→${b.quotas.toLocaleString('en-US')}`,
        { value: b.assemblyMs / a.assemblyMs, unit: '× time' },
        { value: b.quotas / a.quotas, unit: '× quotas' },
        'near-linear (≤ 1.5)',
        (x) => x <= 1.5,
      ),
    );
  report(run, {
    name: 'assembly',
    quick: args.quick,
    params: { ...args.params, period: PERIOD },
    environment: { postgres: settings ?? {} },
    rows,
    details: { sizes: out },
  });
}

runMain(main);
