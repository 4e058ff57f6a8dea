import assert from 'node:assert/strict';
import { split3 } from '@consorcio/shared/money';
import {
  balances,
  bidPaidEntries,
  contemplationCancelledEntry,
  contemplationEntries,
  excludedRefund,
  investmentIncomeEntry,
  refundAwardedEntry,
  reserveCoverEntry,
} from '../../../src/domain/ledger-index';
import { C, REMAINING, assertInvalid, assertRule, cr, dr, entry, opening } from './journal-entries-fixtures';

describe('bidPaidEntries (E6)', () => {
  it('posts quota 40’s own part of §6.9, 2 895 000 split (2 404 482, 432 801, 57 717)', () => {
    const own = split3(2_895_000n, ...REMAINING);
    assert.deepEqual(own, { fc: 2_404_482n, af: 432_801n, fr: 57_717n });
    const r = bidPaidEntries(own);
    assert.deepEqual(
      r.group,
      entry('GROUP', 'E6', [
        dr('BANK', 2_895_000n),
        cr('COMMON_FUND', 2_404_482n),
        cr('ADMIN_FEE_PAYABLE', 432_801n),
        cr('RESERVE_FUND', 57_717n),
      ]),
    );
    assert.deepEqual(
      r.administrator,
      entry('ADMINISTRATOR', 'E6', [dr('RECEIVABLE_FROM_GROUPS', 432_801n), cr('ADMIN_FEE_REVENUE', 432_801n)]),
    );
  });
  it('refuses a payment of nothing and a negative part', () => {
    assertInvalid(() => bidPaidEntries({ fc: 0n, af: 0n, fr: 0n }), 'own');
    assertInvalid(() => bidPaidEntries({ fc: 10n, af: -1n, fr: 0n }), 'own.af');
  });
});

describe('contemplationEntries (E7) and reserveCoverEntry (E8)', () => {
  it('posts the contemplation of quota 115 at assembly 11 exactly as §13.4', () => {
    const embedded = split3(1_500_000n, ...REMAINING);
    assert.deepEqual(embedded, { fc: 1_245_846n, af: 224_249n, fr: 29_905n });
    const r = contemplationEntries({ creditValue: C, embedded });
    assert.deepEqual(
      r.group,
      entry('GROUP', 'E7', [
        dr('COMMON_FUND', 4_754_154n),
        cr('CREDITS_PAYABLE', 4_500_000n),
        cr('ADMIN_FEE_PAYABLE', 224_249n),
        cr('RESERVE_FUND', 29_905n),
      ]),
    );
    assert.deepEqual(
      r.administrator,
      entry('ADMINISTRATOR', 'E7', [dr('RECEIVABLE_FROM_GROUPS', 224_249n), cr('ADMIN_FEE_REVENUE', 224_249n)]),
    );
  });
  it('issues a draw’s letter for the whole C, keyed by letter, with no administrator entry', () => {
    const r = contemplationEntries({ creditValue: C, letter: 'L-118' });
    assert.deepEqual(r.group, entry('GROUP', 'E7', [dr('COMMON_FUND', C), cr('CREDITS_PAYABLE', C, 'L-118')]));
    assert.equal(r.administrator, null);
  });
  it('lets the reserve cover a draw’s shortfall first (E8), leaving the common fund at 0', () => {
    // available 5 000 000, reserve 1 500 000, C 6 000 000 → the reserve moves 1 000 000 (§6.4).
    const cover = reserveCoverEntry(1_000_000n);
    assert.deepEqual(cover, entry('GROUP', 'E8', [dr('RESERVE_FUND', 1_000_000n), cr('COMMON_FUND', 1_000_000n)]));
    const b = balances([opening(5_000_000n, 1_500_000n), cover, contemplationEntries({ creditValue: C }).group]);
    assert.equal(b.get('COMMON_FUND'), 0n);
    assert.equal(b.get('RESERVE_FUND'), 500_000n);
    assert.equal(b.get('CREDITS_PAYABLE'), C);
  });
  it('refuses an embedded part as large as the credit, a credit of 0 and a cover of 0', () => {
    assertRule(
      () => contemplationEntries({ creditValue: 100n, embedded: { fc: 80n, af: 15n, fr: 5n } }),
      'embedded_exceeds_credit',
    );
    assertInvalid(() => contemplationEntries({ creditValue: 0n }), 'creditValue');
    assertInvalid(() => reserveCoverEntry(0n), 'amount');
  });
});

describe('§6.9 assembly 11 through the group book', () => {
  it('leaves 22 878 available after the draw, the excluded refund and the two paid bids', () => {
    const refund = excludedRefund({ creditValue: C, fcPaidPct: 124_992n, exclusionPenaltyPct: 100_000n });
    assert.deepEqual(refund, { gross: 749_952n, penalty: 74_995n, net: 674_957n });
    const posted = [
      opening(14_300_000n, 900_000n),
      contemplationEntries({ creditValue: C, letter: 'L-118' }).group, // draw: 118
      refundAwardedEntry({ net: refund.net, record: { number: 120, version: 1 } }), // excluded draw: (120,1)
      bidPaidEntries(split3(2_895_000n, ...REMAINING)).group, // quota 40 pays O
      contemplationEntries({ creditValue: C, letter: 'L-40' }).group,
      bidPaidEntries(split3(2_400_000n, ...REMAINING)).group, // quota 119 pays O
      contemplationEntries({ creditValue: C, letter: 'L-119' }).group,
    ];
    const b = balances(posted);
    assert.equal(b.get('COMMON_FUND'), 22_878n);
    assert.equal(b.get('REFUNDS_PAYABLE'), 674_957n);
    assert.equal(b.get('CREDITS_PAYABLE'), 18_000_000n);
    assert.equal(b.get('RESERVE_FUND'), 900_000n + 57_717n + 47_848n);
    assert.equal(b.get('ADMIN_FEE_PAYABLE'), 432_801n + 358_799n);
  });
  it('posts the refund award of (120,1) keyed by record, the penalty staying in the common fund', () =>
    assert.deepEqual(
      refundAwardedEntry({ net: 674_957n, record: { number: 120, version: 1 } }),
      entry('GROUP', 'E12', [dr('COMMON_FUND', 674_957n), cr('REFUNDS_PAYABLE', 674_957n, '120-1')]),
    ));
});

describe('contemplationCancelledEntry (E19)', () => {
  it('moves only the letter balance, credit plus yield, back to the common fund (D-22)', () => {
    const embedded = split3(1_500_000n, ...REMAINING);
    const issued = contemplationEntries({ creditValue: C, embedded, letter: 'L-115' });
    const yieldShare = investmentIncomeEntry([{ account: 'CREDITS_PAYABLE', subledger: 'L-115', amount: 13_500n }]);
    const before = balances([opening(10_000_000n, 900_000n), issued.group, yieldShare]);
    const cancel = contemplationCancelledEntry({ balance: 4_513_500n, letter: 'L-115' });
    assert.deepEqual(
      cancel,
      entry('GROUP', 'E19', [dr('CREDITS_PAYABLE', 4_513_500n, 'L-115'), cr('COMMON_FUND', 4_513_500n)]),
    );
    const after = balances([opening(10_000_000n, 900_000n), issued.group, yieldShare, cancel]);
    assert.equal(after.get('CREDITS_PAYABLE'), 0n);
    assert.equal(after.get('COMMON_FUND'), before.get('COMMON_FUND')! + 4_513_500n);
    // The admin fee and reserve parts of the embedded amortization stay where E7 put them.
    assert.equal(after.get('ADMIN_FEE_PAYABLE'), 224_249n);
    assert.equal(after.get('RESERVE_FUND'), 900_000n + 29_905n);
  });
  it('refuses a balance of 0', () => assertInvalid(() => contemplationCancelledEntry({ balance: 0n }), 'balance'));
});
