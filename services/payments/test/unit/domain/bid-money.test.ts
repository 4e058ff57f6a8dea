import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyPct } from '@consorcio/shared/money';
import { amortizationSplit, bidMoney, remainingPcts, sumPcts } from '../../../src/domain';
import { DEMO_C, DEMO_SCHEDULE, assertInvalid, assertRule } from './installment-fixtures';

/** What G-DEMO records have left after paying installment 11: 84.7232 % / 15.2500 % / 2.0337 % (R = 102.0069 %). */
const LEFT_AFTER_11 = remainingPcts(DEMO_SCHEDULE, 11);

const bid = (bidPct: bigint, embeddedPct = 0n) =>
  bidMoney({ creditValue: DEMO_C, bidPct, embeddedPct, remaining: LEFT_AFTER_11 });

describe('bidMoney', () => {
  it('uses the remaining 847 232 / 152 500 / 20 337 of a G-DEMO record after installment 11', () =>
    assert.deepEqual(LEFT_AFTER_11, { fc: 847_232n, af: 152_500n, fr: 20_337n }));
  it('quota 40, 48.2500 % own: O = 2 895 000 split (2 404 482, 432 801, 57 717), net cost 3 595 518', () =>
    assert.deepEqual(bid(482_500n), {
      bid: 2_895_000n,
      embedded: 0n,
      own: 2_895_000n,
      ownSplit: { fc: 2_404_482n, af: 432_801n, fr: 57_717n },
      embeddedSplit: { fc: 0n, af: 0n, fr: 0n },
      creditAmount: 6_000_000n,
      commonFundCharge: 6_000_000n,
      netCost: 3_595_518n,
    }));
  it('quota 119, 40 % own: O = 2 400 000 split (1 993 353, 358 799, 47 848), net cost 4 006 647', () => {
    const m = bid(400_000n);
    assert.equal(m.own, 2_400_000n);
    assert.deepEqual(m.ownSplit, { fc: 1_993_353n, af: 358_799n, fr: 47_848n });
    assert.equal(m.netCost, 4_006_647n);
  });
  it('quota 115, 40 % with 25 % embedded: E 1 500 000 → (1 245 846, 224 249, 29 905), O 900 000 → (747 508, 134 549, 17 943), net cost 4 006 646', () => {
    const m = bid(400_000n, 250_000n);
    assert.deepEqual([m.bid, m.embedded, m.own], [2_400_000n, 1_500_000n, 900_000n]);
    assert.deepEqual(m.embeddedSplit, { fc: 1_245_846n, af: 224_249n, fr: 29_905n });
    assert.deepEqual(m.ownSplit, { fc: 747_508n, af: 134_549n, fr: 17_943n });
    assert.equal(m.netCost, 4_006_646n);
  });
  it('quota 115’s contemplation would take 4 754 154 from the common fund for a credit of 4 500 000, with 224 249 to the admin fee and 29 905 to the reserve', () => {
    const m = bid(400_000n, 250_000n);
    assert.equal(m.commonFundCharge, 4_754_154n);
    assert.equal(m.creditAmount, 4_500_000n);
    assert.equal(m.commonFundCharge, m.creditAmount + m.embeddedSplit.af + m.embeddedSplit.fr);
  });
  it('reproduces the assembly 11 funds: 7 625 043 − 3 595 518 − 4 006 647 = 22 878, too little for 4 006 646', () => {
    const afterFirst = 7_625_043n - bid(482_500n).netCost;
    const afterSecond = afterFirst - bid(400_000n).netCost;
    assert.deepEqual([afterFirst, afterSecond], [4_029_525n, 22_878n]);
    assert.ok(afterSecond < bid(400_000n, 250_000n).netCost);
    // Had quota 40 not paid: 22 878 + 3 595 518 = 3 618 396, still below 4 006 646.
    assert.ok(afterSecond + bid(482_500n).netCost < bid(400_000n, 250_000n).netCost);
  });
  it('moves the record by applyPct(C, dFC) = 2 404 488 of FC while the books get fcO = 2 404 482', () => {
    const d = amortizationSplit(482_500n, LEFT_AFTER_11);
    assert.equal(applyPct(DEMO_C, d.fc), 2_404_488n);
    assert.equal(bid(482_500n).ownSplit.fc, 2_404_482n);
  });
  it('asks the member for nothing on a purely embedded bid', () => {
    const m = bid(250_000n, 250_000n);
    assert.equal(m.own, 0n);
    assert.deepEqual(m.ownSplit, { fc: 0n, af: 0n, fr: 0n });
    assert.equal(m.netCost, DEMO_C - m.embeddedSplit.fc);
  });
  it('refuses a bid above the remaining 102.0069 % with exceeds_remaining_balance', () =>
    assertRule(() => bid(1_020_070n), 'exceeds_remaining_balance', ['1020070', '1020069']));
  for (const bidPct of [0n, -1n])
    it(`rejects a bid of ${bidPct} on bid_pct`, () => assertInvalid(() => bid(bidPct), ['bid_pct']));
  it('rejects an embedded part above the bid on embedded_pct', () =>
    assertInvalid(() => bid(100_000n, 100_001n), ['embedded_pct']));
  it('rejects a negative embedded part on embedded_pct', () =>
    assertInvalid(() => bid(100_000n, -1n), ['embedded_pct']));
  it('rejects a credit value of 0 on credit_value_centavos', () =>
    assertInvalid(
      () => bidMoney({ creditValue: 0n, bidPct: 1n, embeddedPct: 0n, remaining: LEFT_AFTER_11 }),
      ['credit_value_centavos'],
    ));
  it('splits O and E exactly, never negative, with net cost C − fcO − fcE (property)', () =>
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10_000_000_000n }),
        fc.bigInt({ min: 1n, max: 1_020_069n }),
        fc.integer({ min: 0, max: 1000 }),
        (creditValue, bidPct, perMille) => {
          const embeddedPct = (bidPct * BigInt(perMille)) / 1000n;
          const m = bidMoney({ creditValue, bidPct, embeddedPct, remaining: LEFT_AFTER_11 });
          assert.equal(m.own + m.embedded, m.bid);
          assert.equal(sumPcts(m.ownSplit), m.own);
          assert.equal(sumPcts(m.embeddedSplit), m.embedded);
          for (const v of [m.own, m.embedded, ...Object.values(m.ownSplit), ...Object.values(m.embeddedSplit)])
            assert.ok(v >= 0n);
          assert.equal(m.netCost, creditValue - m.ownSplit.fc - m.embeddedSplit.fc);
        },
      ),
    ));
});
