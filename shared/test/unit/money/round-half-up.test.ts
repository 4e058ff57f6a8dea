import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ValidationError } from '../../../src/errors';
import { PCT_SCALE, applyPct, floorDiv, floorMod, roundHalfUp } from '../../../src/money';

describe('roundHalfUp', () => {
  it('rounds the worked example 103071 × 10000 × 11 / 30,000,000 to 378', () => {
    assert.equal(roundHalfUp(103071n * 10000n * 11n, 30_000_000n), 378n);
  });

  it('rounds exact halves away from zero', () => {
    assert.equal(roundHalfUp(5n, 2n), 3n);
    assert.equal(roundHalfUp(-5n, 2n), -3n);
    assert.equal(roundHalfUp(149n, 100n), 1n);
    assert.equal(roundHalfUp(150n, 100n), 2n);
    assert.equal(roundHalfUp(-149n, 100n), -1n);
    assert.equal(roundHalfUp(0n, 7n), 0n);
  });

  it('throws a ValidationError when the divisor is zero or negative', () => {
    assert.throws(() => roundHalfUp(1n, 0n), ValidationError);
    assert.throws(() => roundHalfUp(1n, -3n), ValidationError);
  });

  it('is symmetric: roundHalfUp(-n, d) equals -roundHalfUp(n, d)', () => {
    fc.assert(
      fc.property(fc.bigInt(), fc.bigInt({ min: 1n, max: 10n ** 12n }), (n, d) => {
        assert.equal(roundHalfUp(-n, d), -roundHalfUp(n, d));
      }),
    );
  });

  it('stays within d/2 of the exact quotient (|q·d − n| ≤ d/2)', () => {
    fc.assert(
      fc.property(fc.bigInt(), fc.bigInt({ min: 1n, max: 10n ** 12n }), (n, d) => {
        const q = roundHalfUp(n, d);
        const err = q * d - n;
        assert.ok(2n * (err < 0n ? -err : err) <= d, `q=${q} n=${n} d=${d}`);
      }),
    );
  });
});

describe('applyPct', () => {
  it('reproduces the worked examples to the centavo', () => {
    assert.equal(applyPct(6000000n, 13888n), 83328n);
    assert.equal(applyPct(6000000n, 1204000n), 7224000n);
    assert.equal(applyPct(7224000n, 380n), 2745n);
    assert.equal(applyPct(103071n, 20000n), 2061n);
    assert.equal(applyPct(6000000n, 2500n), 15000n);
    assert.equal(applyPct(6000000n, 5000n), 30000n);
  });

  it('returns the amount unchanged at 100 % and zero at 0 %', () => {
    assert.equal(applyPct(123457n, PCT_SCALE), 123457n);
    assert.equal(applyPct(123457n, 0n), 0n);
  });
});

describe('floorDiv', () => {
  it('reproduces the worked example floorDiv(2439 × 500000, 1,000,000) = 1219', () => {
    assert.equal(floorDiv(2439n * 500000n, 1_000_000n), 1219n);
  });

  it('floors negative quotients toward minus infinity', () => {
    assert.equal(floorDiv(-7n, 2n), -4n);
    assert.equal(floorDiv(-8n, 2n), -4n);
    assert.equal(floorDiv(7n, 2n), 3n);
    assert.equal(floorMod(-7n, 2n), 1n);
  });

  it('throws a ValidationError when the divisor is zero or negative', () => {
    assert.throws(() => floorDiv(1n, 0n), ValidationError);
    assert.throws(() => floorDiv(1n, -1n), ValidationError);
  });

  it('matches Math.floor on safe integer ranges', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 1, max: 1e6 }), (n, d) => {
        assert.equal(floorDiv(BigInt(n), BigInt(d)), BigInt(Math.floor(n / d)));
      }),
    );
  });
});
