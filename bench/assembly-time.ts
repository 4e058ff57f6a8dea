// The time of one assembly for 5 000 and 50 000 quotas, on the test servers (start them with
// `CONSORCIO_INFRA_PROFILE=test npm run infra:up`). For each size: the snapshot's eligibility query over the
// projections (seeded as groups' and payments' events would leave them: 95 % of records ACTIVE and paid on time),
// the pure `runAssembly` (2 % of seats bidding, 1 % excluded candidates), `verifyMinutes` on the result, and the
// whole RunAssembly command — Redlock + fence, the result, every bid's outcome, contemplations and events — in one
// transaction. Run: `npm run bench:assembly [-- 5000 50000]`.
import { randomInt } from 'node:crypto';
import { newId } from '@consorcio/shared/ids';
import { eligibleSeats } from '../services/draws/src/app/eligible-seats';
import {
  assemblyInput,
  buildMinutes,
  snapshotHash,
  verifyMinutes,
  type Snapshot,
} from '../services/draws/src/app/minutes';
import { runAssemblyCommand } from '../services/draws/src/app/run-assembly';
import { bidCommitment, runAssembly } from '../services/draws/src/domain';
import { startDrawsHarness, type DrawsHarness } from '../services/draws/test/integration/harness';

const ms = (t: number) => performance.now() - t;

async function seedGroup(h: DrawsHarness, n: number): Promise<string> {
  const groupId = newId();
  await h.db('draws.groups').insert({
    id: groupId,
    status: 'ACTIVE',
    max_quotas: n,
    term_months: 240,
    credit_value: 6_000_000n,
    draws_per_assembly: 2,
    excluded_draws_per_assembly: 2,
    extra_draws_when_funds_remain: true,
    free_bids_enabled: true,
    fixed_bids_enabled: false,
    fixed_bid_pct: 0n,
    fixed_bid_slots_per_assembly: 0,
    embedded_bid_max_pct: 300_000n,
    max_bid_contemplations_per_assembly: 0,
    alternates_count: 3,
    bid_payment_deadline_business_days: 3,
    exclusion_penalty_pct: 100_000n,
    due_day: 10,
    constituted_on: '2025-01-20',
  });
  await h.db.raw(
    `insert into draws.quotas (id, group_id, number, version, member_id, status, excluded_on)
     select gen_random_uuid(), ?, s, 1, gen_random_uuid(),
            case when s % 100 = 0 then 'EXCLUDED' when s % 20 = 0 then 'DELINQUENT' else 'ACTIVE' end,
            case when s % 100 = 0 then date '2025-01-05' end
       from generate_series(1, ?) s`,
    [groupId, n],
  );
  await h.db.raw(
    `insert into draws.installments (quota_id, period, effective_due_on, paid_on)
     select q.id, p, date '2025-01-10' + (p - 1) * 30, date '2025-01-10' + (p - 1) * 30
       from draws.quotas q cross join generate_series(1, 11) p where q.group_id = ?`,
    [groupId],
  );
  await h.db.raw('analyze draws.quotas; analyze draws.installments');
  return groupId;
}

async function measure(h: DrawsHarness, n: number) {
  const groupId = await seedGroup(h, n);
  let t = performance.now();
  const eligible = await eligibleSeats(h.db, groupId, 11, '2025-11-15');
  const eligibilityMs = ms(t);
  const rows = await h
    .db('draws.quotas')
    .where({ group_id: groupId })
    .select<{ id: string; number: number }[]>('id', 'number');
  const quotas = new Map(rows.map((q) => [q.number, q.id]));
  const assemblyId = newId();
  const bidders = eligible.filter((_, i) => i % 50 === 0);
  const bids: Snapshot['bids'] = bidders.map((number) => {
    const bidId = newId();
    const bidPct = BigInt(randomInt(50_000, 600_000));
    const content = { bidId, number, mode: 'FREE' as const, bidPct, embeddedPct: 0n, amortizationMode: 'REDUCE_TERM' };
    const salt = randomInt(1e9).toString(16);
    return {
      ...content,
      quotaId: quotas.get(number)!,
      bidPct: bidPct.toString(),
      embeddedPct: '0',
      amortizationMode: 'REDUCE_TERM',
      remaining: { fc: '847232', af: '152500', fr: '20337' },
      salt,
      commitment: bidCommitment(content, salt),
    };
  });
  const snapshot: Snapshot = {
    creditValue: '6000000',
    commonFund: String(BigInt(n) * 60_000n),
    reserveFund: '900000',
    rules: {
      maxQuotas: n,
      drawsPerAssembly: 2,
      excludedDrawsPerAssembly: 2,
      fixedBidSlotsPerAssembly: 0,
      maxBidContemplationsPerAssembly: 0,
      extraDrawsWhenFundsRemain: true,
      alternatesCount: 3,
      exclusionPenaltyPct: '100000',
    },
    eligible,
    excludedCandidates: [...quotas.keys()]
      .filter((q) => q % 100 === 0)
      .map((number) => ({ quotaId: quotas.get(number)!, number, version: 1, fcPaidPct: '150000' })),
    bids,
  };
  const lottery = {
    extractionNumber: 6000,
    extractionDate: '2025-11-19',
    prizes: [83_417, 1, 2, 3, 4],
    source: 'bench',
    enteredBy: 'a',
    confirmedBy: 'b',
  };
  const input = assemblyInput(snapshot, 83_417);
  runAssembly(input); // warm-up
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) {
    t = performance.now();
    runAssembly(input);
    runs.push(ms(t));
  }
  runs.sort((a, b) => a - b);
  const result = runAssembly(input);
  const minutes = buildMinutes({
    assemblyId,
    groupId,
    period: 11,
    assemblyDate: '2025-11-20',
    snapshot,
    snapshotHash: snapshotHash(snapshot),
    lottery,
    result,
  });
  t = performance.now();
  const mismatches = verifyMinutes(minutes);
  const verifyMs = ms(t);
  if (mismatches.length > 0) throw new Error(`verify found ${mismatches.length} mismatches`);

  await h.db('draws.assemblies').insert({
    id: assemblyId,
    group_id: groupId,
    period: 11,
    status: 'BIDDING_CLOSED',
    bid_deadline: new Date('2025-11-15T20:00:00Z'),
    extraction_date: '2025-11-19',
    assembly_date: '2025-11-20',
    snapshot: JSON.stringify(snapshot),
    snapshot_hash: snapshotHash(snapshot),
    lottery: JSON.stringify(lottery),
    lottery_entered_by: 'a',
    lottery_confirmed_by: 'b',
  });
  for (let i = 0; i < bids.length; i += 1000)
    await h.db('draws.bids').insert(
      bids.slice(i, i + 1000).map((b) => ({
        id: b.bidId,
        assembly_id: assemblyId,
        quota_id: b.quotaId,
        number: b.number,
        mode: 'FREE',
        bid_pct: b.bidPct,
        embedded_pct: 0n,
        amortization_mode: 'REDUCE_TERM',
        salt: b.salt,
        commitment: b.commitment,
        status: 'SUBMITTED',
        placed_at: new Date('2025-11-10T12:00:00Z'),
      })),
    );
  t = performance.now();
  const published = await runAssemblyCommand(h.draws[0]!.deps, { correlationId: 'bench', userId: null }, assemblyId);
  const commandMs = ms(t);
  return {
    quotas: n,
    eligible: eligible.length,
    bids: bids.length,
    contemplations: published.contemplations.length,
    eligibilityQueryMs: eligibilityMs,
    runAssemblyMedianMs: runs[2]!,
    verifyMinutesMs: verifyMs,
    runAssemblyCommandMs: commandMs,
  };
}

async function main(): Promise<void> {
  const sizes = process.argv
    .slice(2)
    .map(Number)
    .filter((x) => x > 0);
  const h = await startDrawsHarness();
  try {
    const rows = [];
    for (const n of sizes.length > 0 ? sizes : [5000, 50_000]) rows.push(await measure(h, n));
    const f = (x: number) => x.toFixed(1).padStart(9);
    console.log('quotas  eligible  bids  contemplated  eligibility ms  runAssembly ms  verify ms  RunAssembly ms');
    for (const r of rows)
      console.log(
        `${String(r.quotas).padStart(6)}  ${String(r.eligible).padStart(8)}  ${String(r.bids).padStart(4)}  ` +
          `${String(r.contemplations).padStart(12)}  ${f(r.eligibilityQueryMs)}      ${f(r.runAssemblyMedianMs)}      ` +
          `${f(r.verifyMinutesMs)}  ${f(r.runAssemblyCommandMs)}`,
      );
    console.log(JSON.stringify({ name: 'assembly', rows }));
  } finally {
    await h.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
