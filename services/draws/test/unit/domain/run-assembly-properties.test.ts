import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  drawKey,
  positions,
  runAssembly,
  searchSequence,
  type AssemblyInput,
  type SealedBid,
} from '../../../src/domain';

/** Random groups: N up to 5 000, random eligibility, excluded candidates, bids (FREE and FIXED) and funds. */
const assemblyInput: fc.Arbitrary<AssemblyInput> = fc.integer({ min: 1, max: 5000 }).chain((n) =>
  fc.record({
    maxQuotas: fc.constant(n),
    creditValue: fc.bigInt({ min: 100_000n, max: 50_000_000n }),
    commonFund: fc.bigInt({ min: -1_000_000n, max: 500_000_000n }),
    reserveFund: fc.bigInt({ min: 0n, max: 20_000_000n }),
    drawsPerAssembly: fc.integer({ min: 0, max: 4 }),
    excludedDrawsPerAssembly: fc.integer({ min: 0, max: 3 }),
    fixedBidSlotsPerAssembly: fc.integer({ min: 0, max: 3 }),
    maxBidContemplationsPerAssembly: fc.integer({ min: 0, max: 5 }),
    extraDrawsWhenFundsRemain: fc.boolean(),
    alternatesCount: fc.integer({ min: 0, max: 4 }),
    exclusionPenaltyPct: fc.bigInt({ min: 0n, max: 200_000n }),
    prize1: fc.integer({ min: 0, max: 99_999 }),
    eligible: fc.uniqueArray(fc.integer({ min: 1, max: n }), { maxLength: Math.min(n, 400) }),
    excludedCandidates: fc.uniqueArray(
      fc.record({
        number: fc.integer({ min: 1, max: n }),
        version: fc.integer({ min: 1, max: 3 }),
        fcPaidPct: fc.bigInt({ min: 0n, max: 1_000_000n }),
      }),
      { maxLength: 10, selector: (c) => `${c.number}-${c.version}` },
    ),
    bids: fc.uniqueArray(
      fc
        .record({
          number: fc.integer({ min: 1, max: n }),
          mode: fc.constantFrom<'FREE' | 'FIXED'>('FREE', 'FIXED'),
          bidPct: fc.bigInt({ min: 1n, max: 1_000_000n }),
          embeddedShare: fc.integer({ min: 0, max: 100 }),
          fc: fc.bigInt({ min: 0n, max: 900_000n }),
          af: fc.bigInt({ min: 0n, max: 200_000n }),
          fr: fc.bigInt({ min: 0n, max: 50_000n }),
        })
        .map((b): SealedBid => ({
          bidId: `b${b.number}${b.mode}`,
          number: b.number,
          mode: b.mode,
          bidPct: b.bidPct,
          embeddedPct: (b.bidPct * BigInt(b.embeddedShare)) / 100n,
          amortizationMode: 'REDUCE_TERM',
          remaining: { fc: b.fc + 1n, af: b.af, fr: b.fr },
        })),
      { maxLength: 40, selector: (b) => `${b.number}/${b.mode}` },
    ),
  }),
);

const shuffled = <T>(xs: readonly T[], seed: number): T[] => {
  const out = [...xs];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
};

describe('runAssembly properties (random groups up to N = 5 000)', () => {
  it('contemplates each seat at most once, only eligible ones, and never runs the funds below zero', () => {
    fc.assert(
      fc.property(assemblyInput, (input) => {
        const r = runAssembly(input);
        const numbers = r.contemplations.map((c) => c.number);
        assert.equal(new Set(numbers).size, numbers.length);
        const eligible = new Set(input.eligible);
        assert.ok(numbers.every((q) => eligible.has(q)));
        // Even from a negative common fund: nothing is paid that the funds (the reserve, for a draw) do not cover.
        for (const c of r.contemplations) assert.ok(c.availableAfter >= 0n);
        for (const a of r.awards) assert.ok(a.availableAfter >= 0n);
        assert.ok(r.reserve >= 0n);
      }),
      { numRuns: 1000 },
    );
  });

  it('accounts for every centavo: start + reserve used − costs − refunds = available; reserve − used = reserve left', () => {
    fc.assert(
      fc.property(assemblyInput, (input) => {
        const r = runAssembly(input);
        const costs = r.contemplations.reduce((s, c) => s + c.netCost, 0n);
        const refunds = r.awards.reduce((s, a) => s + a.net, 0n);
        assert.equal(input.commonFund + r.reserveUsed - costs - refunds, r.available);
        assert.equal(input.reserveFund - r.reserveUsed, r.reserve);
        assert.equal(
          r.contemplations.reduce((s, c) => s + c.reserveUsed, 0n),
          r.reserveUsed,
        );
      }),
      { numRuns: 1000 },
    );
  });

  it('does not depend on the order bids, seats or excluded records are listed in', () => {
    fc.assert(
      fc.property(assemblyInput, fc.integer({ min: 1, max: 1_000_000 }), (input, seed) => {
        const again = runAssembly({
          ...input,
          bids: shuffled(input.bids, seed),
          eligible: shuffled(input.eligible, seed + 1),
          excludedCandidates: shuffled(input.excludedCandidates, seed + 2),
        });
        assert.deepEqual(again, runAssembly(input));
      }),
      { numRuns: 1000 },
    );
  });

  it('draws the first eligible seats in S, and lets no lower-ranked FREE bid overtake a higher one (D-19)', () => {
    fc.assert(
      fc.property(assemblyInput, (input) => {
        const r = runAssembly(input);
        const s = searchSequence(drawKey(input.prize1, input.maxQuotas).key, input.maxQuotas);
        const pos = positions(s);
        const draws = r.contemplations.filter((c) => c.type === 'DRAW').map((c) => c.number);
        const eligibleInS = s.filter((q) => input.eligible.includes(q));
        assert.deepEqual(draws, eligibleInS.slice(0, draws.length));
        assert.ok(draws.length <= input.drawsPerAssembly);
        const free = r.bidBook.filter((b) => b.mode === 'FREE' && b.outcome !== 'VOID');
        const firstLoser = free.findIndex((b) => b.outcome !== 'WON');
        if (firstLoser >= 0) assert.ok(free.slice(firstLoser).every((b) => b.outcome !== 'WON'));
        for (let i = 1; i < free.length; i++) {
          const a = free[i - 1]!;
          const b = free[i]!;
          assert.ok(a.bidPct > b.bidPct || (a.bidPct === b.bidPct && pos.get(a.number)! < pos.get(b.number)!));
        }
        const freeWinners = r.contemplations.filter((c) => c.type === 'FREE_BID').length;
        if (input.maxBidContemplationsPerAssembly > 0) assert.ok(freeWinners <= input.maxBidContemplationsPerAssembly);
        assert.ok(r.contemplations.filter((c) => c.type === 'FIXED_BID').length <= input.fixedBidSlotsPerAssembly);
        assert.ok(r.alternates.length <= input.alternatesCount);
      }),
      { numRuns: 1000 },
    );
  });
});
