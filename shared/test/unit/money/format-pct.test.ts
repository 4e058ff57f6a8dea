import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ValidationError } from '../../../src/errors';
import { formatPct, parsePct } from '../../../src/money';

describe('formatPct', () => {
  it('formats pct units with exactly four decimals', () => {
    assert.equal(formatPct(16666n), '1.6666%');
    assert.equal(formatPct(1_000_000n), '100.0000%');
    assert.equal(formatPct(380n), '0.0380%');
    assert.equal(formatPct(0n), '0.0000%');
  });

  it('puts a minus sign in front of negative percentages', () => {
    assert.equal(formatPct(-16666n), '-1.6666%');
    assert.equal(formatPct(-5n), '-0.0005%');
  });
});

describe('parsePct', () => {
  it('parses percentages with up to four decimals, with or without the % sign', () => {
    assert.equal(parsePct('1.6666%'), 16666n);
    assert.equal(parsePct('12.04%'), 120400n);
    assert.equal(parsePct('100'), 1_000_000n);
    assert.equal(parsePct(' -0.5 % '), -5000n);
  });

  it('throws a ValidationError on more than four decimals or non-numbers', () => {
    assert.throws(() => parsePct('1.66666%'), ValidationError);
    assert.throws(() => parsePct('abc'), ValidationError);
    assert.throws(() => parsePct(''), ValidationError);
    assert.throws(() => parsePct('1,5%'), ValidationError);
  });

  it('reads back whatever formatPct wrote', () => {
    fc.assert(fc.property(fc.bigInt(), (p) => assert.equal(parsePct(formatPct(p)), p)));
  });
});
