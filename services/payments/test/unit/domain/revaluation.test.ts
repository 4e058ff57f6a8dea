import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ValidationError } from '@consorcio/shared/errors';
import { type RevaluationRecord, balances, revaluationCoverEntry, revalueFund } from '../../../src/domain/ledger-index';

const IPCA = 45_678n; // +4.5678 %
const active = (number: number, version = 1): RevaluationRecord => ({
  number,
  version,
  status: 'ACTIVE',
  installmentsRemaining: 60,
});

/** 287 billing records listed in descending order, to show the result does not depend on the input order. */
const G_DEMO_287 = Array.from({ length: 287 }, (_, i) => active(287 - i));

describe('revalueFund', () => {
  it('revalues G-DEMO after assembly 12: D 975 028, reserve 600 000, D′ 375 028 → 1 306 each, the first 206 get 1 307', () => {
    const r = revalueFund({
      commonFund: 21_345_678n,
      reserveFund: 600_000n,
      indexVariationPct: IPCA,
      records: G_DEMO_287,
    });
    assert.equal(r.charge, 975_028n);
    assert.equal(r.reserveCover, 600_000n);
    assert.equal(r.apportioned, 375_028n);
    assert.equal(r.unapportioned, 0n);
    assert.equal(r.shares.length, 287);
    assert.deepEqual(
      r.shares.map((s) => s.number),
      Array.from({ length: 287 }, (_, i) => i + 1),
    );
    assert.ok(r.shares.slice(0, 206).every((s) => s.amount === 1_307n));
    assert.ok(r.shares.slice(206).every((s) => s.amount === 1_306n));
    assert.equal(
      r.shares.reduce((s, x) => s + x.amount, 0n),
      375_028n,
    );
  });
  it('posts the reserve’s part as E14, moving 600 000 from the reserve to the common fund', () => {
    const r = revalueFund({
      commonFund: 21_345_678n,
      reserveFund: 600_000n,
      indexVariationPct: IPCA,
      records: G_DEMO_287,
    });
    assert.deepEqual(
      [...balances([revaluationCoverEntry(r.reserveCover)])],
      [
        ['COMMON_FUND', 600_000n],
        ['RESERVE_FUND', -600_000n],
      ],
    );
  });
  it('lets the reserve cover all of D when it can, leaving nothing to bill', () => {
    const r = revalueFund({
      commonFund: 1_000_000n,
      reserveFund: 900_000n,
      indexVariationPct: IPCA,
      records: [active(1)],
    });
    assert.deepEqual(r, {
      charge: 45_678n,
      reserveCover: 45_678n,
      apportioned: 0n,
      shares: [{ number: 1, version: 1, amount: 0n }],
      unapportioned: 0n,
    });
  });
  it('orders ties by (number, version): version 1 of a seat before version 2', () => {
    const r = revalueFund({
      commonFund: 100n,
      reserveFund: 0n,
      indexVariationPct: 1_000_000n, // D = 100
      records: [active(5, 2), active(9), active(5, 1)],
    });
    assert.deepEqual(r.shares, [
      { number: 5, version: 1, amount: 34n },
      { number: 5, version: 2, amount: 33n },
      { number: 9, version: 1, amount: 33n },
    ]);
  });
  it('returns a negative D as a discount on every billing record, without touching the reserve', () => {
    const r = revalueFund({
      commonFund: 1_000_000n,
      reserveFund: 500_000n,
      indexVariationPct: -1_200n, // −0.1200 %
      records: [active(3), active(1), active(2), active(4), active(5), active(6), active(7)],
    });
    assert.equal(r.charge, -1_200n);
    assert.equal(r.reserveCover, 0n);
    assert.equal(r.apportioned, -1_200n);
    // 1 200 over 7: 171 each, the first 3 (ascending) 172, then negated.
    assert.deepEqual(
      r.shares.map((s) => s.amount),
      [-172n, -172n, -172n, -171n, -171n, -171n, -171n],
    );
  });
  it('rounds D half away from zero on either sign', () => {
    // 150 × 1 % = 1.5 → 2; 150 × −1 % = −1.5 → −2.
    assert.equal(
      revalueFund({ commonFund: 150n, reserveFund: 0n, indexVariationPct: 10_000n, records: [] }).charge,
      2n,
    );
    assert.equal(
      revalueFund({ commonFund: 150n, reserveFund: 0n, indexVariationPct: -10_000n, records: [] }).charge,
      -2n,
    );
  });
  it('charges nothing when the common fund is 0 or negative', () =>
    assert.deepEqual(
      revalueFund({ commonFund: -5_000n, reserveFund: 100n, indexVariationPct: IPCA, records: [active(1)] }),
      {
        charge: 0n,
        reserveCover: 0n,
        apportioned: 0n,
        shares: [{ number: 1, version: 1, amount: 0n }],
        unapportioned: 0n,
      },
    ));
  it('bills only ACTIVE, DELINQUENT, CONTEMPLATED and CONTEMPLATED_DELINQUENT records with an installment left', () => {
    const records: RevaluationRecord[] = [
      { number: 1, version: 1, status: 'ACTIVE', installmentsRemaining: 10 },
      { number: 2, version: 1, status: 'DELINQUENT', installmentsRemaining: 10 },
      { number: 3, version: 1, status: 'CONTEMPLATED', installmentsRemaining: 10 },
      { number: 4, version: 1, status: 'CONTEMPLATED_DELINQUENT', installmentsRemaining: 10 },
      { number: 5, version: 1, status: 'CONTEMPLATED', installmentsRemaining: 0 },
      { number: 6, version: 1, status: 'SETTLED', installmentsRemaining: 0 },
      { number: 7, version: 1, status: 'EXCLUDED', installmentsRemaining: 30 },
      { number: 8, version: 1, status: 'ENROLLED', installmentsRemaining: 72 },
      { number: 9, version: 1, status: 'WITHDRAWN', installmentsRemaining: 72 },
    ];
    const r = revalueFund({ commonFund: 1_000n, reserveFund: 0n, indexVariationPct: 1_000_000n, records });
    assert.deepEqual(
      r.shares.map((s) => [s.number, s.amount]),
      [
        [1, 250n],
        [2, 250n],
        [3, 250n],
        [4, 250n],
      ],
    );
  });
  it('reports D′ as unapportioned when no record is billed', () => {
    const r = revalueFund({ commonFund: 1_000_000n, reserveFund: 10_000n, indexVariationPct: IPCA, records: [] });
    assert.deepEqual(r, {
      charge: 45_678n,
      reserveCover: 10_000n,
      apportioned: 35_678n,
      shares: [],
      unapportioned: 35_678n,
    });
  });
  it('refuses a record listed twice, a negative installment count and an index that is not a bigint', () => {
    assert.throws(
      () => revalueFund({ commonFund: 1n, reserveFund: 0n, indexVariationPct: 1n, records: [active(1), active(1)] }),
      ValidationError,
    );
    assert.throws(
      () =>
        revalueFund({
          commonFund: 1n,
          reserveFund: 0n,
          indexVariationPct: 1n,
          records: [{ ...active(1), installmentsRemaining: -1 }],
        }),
      ValidationError,
    );
    assert.throws(
      () => revalueFund({ commonFund: 1n, reserveFund: 0n, indexVariationPct: 1 as unknown as bigint, records: [] }),
      ValidationError,
    );
  });
  it('splits D′ exactly and equally to the centavo, the reserve covering at most what it holds (property)', () =>
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 9n), max: 10n ** 10n }),
        fc.bigInt({ min: -(10n ** 6n), max: 10n ** 9n }),
        fc.bigInt({ min: -200_000n, max: 300_000n }),
        fc.uniqueArray(
          fc.record({
            number: fc.integer({ min: 1, max: 999 }),
            version: fc.integer({ min: 1, max: 3 }),
            status: fc.constantFrom('ACTIVE', 'DELINQUENT', 'CONTEMPLATED', 'SETTLED', 'EXCLUDED' as const),
            installmentsRemaining: fc.integer({ min: 0, max: 3 }),
          }),
          { selector: (r) => `${r.number}-${r.version}`, maxLength: 40 },
        ),
        (commonFund, reserveFund, indexVariationPct, records) => {
          const r = revalueFund({ commonFund, reserveFund, indexVariationPct, records });
          assert.equal(r.reserveCover + r.apportioned, r.charge);
          assert.ok(r.reserveCover >= 0n && r.reserveCover <= (reserveFund > 0n ? reserveFund : 0n));
          assert.equal(r.shares.reduce((s, x) => s + x.amount, 0n) + r.unapportioned, r.apportioned);
          const amounts = r.shares.map((s) => s.amount);
          if (amounts.length > 0) {
            const max = amounts.reduce((a, b) => (a > b ? a : b));
            const min = amounts.reduce((a, b) => (a < b ? a : b));
            assert.ok(max - min <= 1n);
          }
          for (const a of amounts) assert.ok(r.apportioned >= 0n ? a >= 0n : a <= 0n);
        },
      ),
    ));
});
