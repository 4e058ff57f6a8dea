import assert from 'node:assert/strict';
import { runAssembly, settleDefault } from '../../../src/domain';
import { assembly11, bid } from './fixtures';

describe('runAssembly: G-DEMO assembly 11 (§6.9)', () => {
  const result = runAssembly(assembly11());

  it('draws 118 (117 is delinquent) for the whole credit', () => {
    assert.equal(result.drawKey.key, 117);
    const [draw] = result.contemplations;
    assert.deepEqual(
      [draw!.type, draw!.number, draw!.netCost, draw!.availableAfter],
      ['DRAW', 118, 6_000_000n, 8_300_000n],
    );
    assert.equal(draw!.reserveUsed, 0n);
  });

  it('awards the refund of (120,1): gross 749 952, penalty 74 995, net 674 957', () => {
    assert.deepEqual(result.awards, [
      { number: 120, version: 1, gross: 749_952n, penalty: 74_995n, net: 674_957n, availableAfter: 7_625_043n },
    ]);
  });

  it('contemplates 40 and then 119 (the tie at 40 % goes to the nearer position), and stops at 115', () => {
    const bids = result.contemplations.filter((c) => c.type === 'FREE_BID');
    assert.deepEqual(
      bids.map((c) => [c.number, c.netCost, c.availableAfter]),
      [
        [40, 3_595_518n, 4_029_525n],
        [119, 4_006_647n, 22_878n],
      ],
    );
    assert.deepEqual(bids[0]!.money!.ownSplit, { fc: 2_404_482n, af: 432_801n, fr: 57_717n });
    assert.deepEqual(bids[1]!.money!.ownSplit, { fc: 1_993_353n, af: 358_799n, fr: 47_848n });
    const b115 = result.bidBook.find((b) => b.number === 115)!;
    assert.equal(b115.netCost, 4_006_646n);
    assert.equal(b115.outcome, 'ALTERNATE');
    assert.deepEqual(result.alternates, ['bid-115-FREE']);
  });

  it('uses no reserve and makes no extra draw (22 878 < C)', () => {
    assert.equal(result.reserveUsed, 0n);
    assert.equal(result.reserve, 900_000n);
    assert.equal(result.available, 22_878n);
    assert.equal(result.contemplations.length, 3);
  });

  it('publishes the ranked book: 40 and 119 WON, 115 ALTERNATE', () => {
    assert.deepEqual(
      result.bidBook.map((b) => [b.number, b.rank, b.outcome]),
      [
        [40, 1, 'WON'],
        [119, 2, 'WON'],
        [115, 3, 'ALTERNATE'],
      ],
    );
  });

  it('if quota 40 does not pay, 115 is not promoted: 22 878 + 3 595 518 = 3 618 396 < 4 006 646', () => {
    const s = settleDefault({
      available: result.available,
      defaultedNetCost: 3_595_518n,
      alternates: [{ bidId: 'bid-115-FREE', netCost: 4_006_646n }],
    });
    assert.deepEqual(s, {
      available: 3_618_396n,
      promoted: null,
      alternates: [{ bidId: 'bid-115-FREE', netCost: 4_006_646n }],
    });
  });
});

describe('runAssembly: the rules around the example', () => {
  it('covers a planned draw from the reserve when the common fund falls short (E8)', () => {
    const r = runAssembly(assembly11({ commonFund: 5_500_000n, bids: [], excludedCandidates: [] }));
    const [draw] = r.contemplations;
    assert.deepEqual([draw!.number, draw!.reserveUsed, draw!.availableAfter], [118, 500_000n, 0n]);
    assert.equal(r.reserve, 400_000n);
    assert.equal(r.reserveUsed, 500_000n);
  });

  it('stops drawing when even the reserve cannot pay, but still takes bids that fit', () => {
    const r = runAssembly(assembly11({ commonFund: 4_000_000n, reserveFund: 100_000n, excludedCandidates: [] }));
    assert.ok(!r.contemplations.some((c) => c.type === 'DRAW'));
    assert.deepEqual(
      r.contemplations.map((c) => c.number),
      [40],
    );
  });

  it('never uses the reserve for a refund (D-17)', () => {
    const r = runAssembly(assembly11({ commonFund: 6_500_000n, bids: [] }));
    assert.equal(r.awards.length, 0);
    assert.equal(r.available, 500_000n);
  });

  it('draws the oldest exclusion of a number first (D-16)', () => {
    const r = runAssembly(
      assembly11({
        excludedDrawsPerAssembly: 2,
        bids: [],
        excludedCandidates: [
          { number: 119, version: 2, fcPaidPct: 100_000n },
          { number: 300, version: 1, fcPaidPct: 100_000n },
          { number: 119, version: 1, fcPaidPct: 200_000n },
        ],
      }),
    );
    assert.deepEqual(
      r.awards.map((a) => [a.number, a.version]),
      [
        [119, 1],
        [119, 2],
      ],
    );
  });

  it('runs the FIXED phase first, in position order, up to its slots; a FIXED winner is skipped in the FREE phase', () => {
    const r = runAssembly(
      assembly11({
        fixedBidSlotsPerAssembly: 1,
        excludedCandidates: [],
        bids: [
          bid({ number: 200, mode: 'FIXED', bidPct: 300_000n }),
          bid({ number: 116, mode: 'FIXED', bidPct: 300_000n }),
          bid({ number: 116, bidPct: 500_000n }),
          bid({ number: 40, bidPct: 482_500n }),
        ],
      }),
    );
    assert.deepEqual(
      r.contemplations.map((c) => [c.type, c.number]),
      [
        ['DRAW', 118],
        ['FIXED_BID', 116],
        ['FREE_BID', 40],
      ],
    );
    const book = new Map(r.bidBook.map((b) => [b.bidId, b.outcome]));
    assert.equal(book.get('bid-116-FREE'), 'VOID');
    assert.equal(book.get('bid-200-FIXED'), 'LOST');
  });

  it('caps the FREE winners and makes extra draws while the common fund pays a whole credit', () => {
    const r = runAssembly(
      assembly11({ commonFund: 30_000_000n, maxBidContemplationsPerAssembly: 1, excludedCandidates: [] }),
    );
    assert.deepEqual(
      r.contemplations.map((c) => [c.type, c.number]),
      [
        ['DRAW', 118],
        ['FREE_BID', 40],
        ['EXTRA_DRAW', 116],
        ['EXTRA_DRAW', 119],
        ['EXTRA_DRAW', 115],
      ],
    );
    assert.ok(r.available < 6_000_000n);
    assert.deepEqual(r.alternates, []);
  });

  it('voids a bid of a record that is not eligible, or that asks for more than remains', () => {
    const r = runAssembly(
      assembly11({
        bids: [bid({ number: 117, bidPct: 900_000n }), bid({ number: 40, bidPct: 1_020_070n })],
        excludedCandidates: [],
      }),
    );
    assert.deepEqual(
      r.bidBook.map((b) => [b.number, b.outcome, b.netCost]),
      [
        [40, 'VOID', null],
        [117, 'VOID', null],
      ],
    );
  });

  it('refuses an input with the same seat bidding twice in one mode, naming the field', () => {
    assert.throws(
      () => runAssembly(assembly11({ bids: [bid({ number: 1, bidPct: 1n }), bid({ number: 1, bidPct: 2n })] })),
      /bids/,
    );
    assert.throws(() => runAssembly(assembly11({ eligible: [1, 1] })), /eligible/);
    assert.throws(() => runAssembly(assembly11({ creditValue: 0n })), /credit_value_centavos/);
  });
});
