import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ValidationError } from '../../../src/errors';
import { allocate, split3 } from '../../../src/money';

describe('allocate', () => {
  it('gives the leftover centavo to the largest remainder, ties to the smallest key', () => {
    const keys = [
      [1, 1],
      [2, 1],
      [2, 2],
      [3, 1],
    ];
    assert.deepEqual(allocate(10001n, [24000n, 3000n, 24000n, 24000n], keys), [3201n, 400n, 3200n, 3200n]);
  });

  it('splits 5000 in three equal weights as 1667, 1667, 1666', () => {
    const keys = [
      [1, 1],
      [2, 2],
      [3, 1],
    ];
    assert.deepEqual(allocate(5000n, [1000000n, 1000000n, 1000000n], keys), [1667n, 1667n, 1666n]);
  });

  it('gives the same shares per key whatever order the entries are listed in', () => {
    const a = allocate(5000n, [1n, 1n, 1n], [['c'], ['a'], ['b']]);
    assert.deepEqual(a, [1666n, 1667n, 1667n]);
  });

  it('compares keys numerically, not as text (10 sorts after 9)', () => {
    assert.deepEqual(allocate(1n, [1n, 1n], [[10], [9]]), [0n, 1n]);
    assert.deepEqual(allocate(1n, [1n, 1n], [[10n], [9n]]), [0n, 1n]);
  });

  it('throws a ValidationError on empty weights, a zero or negative weight sum, or missing keys', () => {
    assert.throws(() => allocate(10n, [], []), ValidationError);
    assert.throws(() => allocate(10n, [0n, 0n], [[1], [2]]), ValidationError);
    assert.throws(() => allocate(10n, [-1n, 2n], [[1], [2]]), ValidationError);
    assert.throws(() => allocate(10n, [1n, 2n], [[1]]), ValidationError);
  });

  it('always sums to the total and keeps each share within one centavo of the exact quotient', () => {
    const entries = fc.array(fc.bigInt({ min: 0n, max: 10n ** 9n }), { minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), entries, (total, weights) => {
        fc.pre(weights.some((w) => w > 0n));
        const keys = weights.map((_, i) => [i % 3, i]);
        const shares = allocate(total, weights, keys);
        const sumW = weights.reduce((s, w) => s + w, 0n);
        assert.equal(
          shares.reduce((s, x) => s + x, 0n),
          total,
        );
        shares.forEach((share, i) => {
          // |share − total·w/W| < 1  ⇔  |share·W − total·w| < W
          const diff = share * sumW - total * (weights[i] as bigint);
          assert.ok((diff < 0n ? -diff : diff) < sumW, `share ${i} off by more than one centavo`);
        });
      }),
    );
  });
});

describe('split3', () => {
  it('floors the admin fee and reserve and gives the rest to the common fund', () => {
    // rates 80 % / 15 % / 5 % of 999 centavos: af = ⌊149.85⌋, fr = ⌊49.95⌋, fc = 999 − 149 − 49
    assert.deepEqual(split3(999n, 800n, 150n, 50n), { fc: 801n, af: 149n, fr: 49n });
  });

  it('throws a ValidationError on a negative amount or rates summing to zero', () => {
    assert.throws(() => split3(-1n, 1n, 1n, 1n), ValidationError);
    assert.throws(() => split3(10n, 0n, 0n, 0n), ValidationError);
    assert.throws(() => split3(10n, 1n, -1n, 1n), ValidationError);
  });

  it('returns non-negative parts that always sum to the amount', () => {
    const rate = fc.bigInt({ min: 0n, max: 2_000_000n });
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 13n }), rate, rate, rate, (x, fcR, afR, frR) => {
        fc.pre(fcR + afR + frR > 0n);
        const { fc: f, af, fr } = split3(x, fcR, afR, frR);
        assert.equal(f + af + fr, x);
        assert.ok(f >= 0n && af >= 0n && fr >= 0n);
      }),
    );
  });
});
