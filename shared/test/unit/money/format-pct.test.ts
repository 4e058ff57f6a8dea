import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ValidationError } from '../../../src/errors';
import { formatPct, formatPctDecimal, parsePct } from '../../../src/money';

describe('formatPct (pt-BR, for people)', () => {
  it('formats pct units with a decimal comma, exactly four decimals and a space before %', () => {
    assert.equal(formatPct(125_000n), '12,5000 %');
    assert.equal(formatPct(16666n), '1,6666 %');
    assert.equal(formatPct(1_000_000n), '100,0000 %');
    assert.equal(formatPct(380n), '0,0380 %');
    assert.equal(formatPct(0n), '0,0000 %');
  });

  it('puts a minus sign in front of negative percentages', () => {
    assert.equal(formatPct(-16666n), '-1,6666 %');
    assert.equal(formatPct(-5n), '-0,0005 %');
  });
});

describe('formatPctDecimal (dot-decimal, for diagnostics)', () => {
  it('formats pct units with a decimal point and exactly four decimals', () => {
    assert.equal(formatPctDecimal(16666n), '1.6666%');
    assert.equal(formatPctDecimal(1_000_000n), '100.0000%');
    assert.equal(formatPctDecimal(380n), '0.0380%');
    assert.equal(formatPctDecimal(0n), '0.0000%');
    assert.equal(formatPctDecimal(-16666n), '-1.6666%');
    assert.equal(formatPctDecimal(-5n), '-0.0005%');
  });
});

describe('parsePct', () => {
  it('parses percentages with up to four decimals, with or without the % sign', () => {
    assert.equal(parsePct('1.6666%'), 16666n);
    assert.equal(parsePct('12.04%'), 120400n);
    assert.equal(parsePct('100'), 1_000_000n);
    assert.equal(parsePct(' -0.5 % '), -5000n);
  });

  it('parses the pt-BR form too', () => {
    assert.equal(parsePct('12,5000 %'), 125_000n);
    assert.equal(parsePct('1,5%'), 15_000n);
  });

  it('throws a ValidationError on more than four decimals or non-numbers', () => {
    assert.throws(() => parsePct('1.66666%'), ValidationError);
    assert.throws(() => parsePct('1,66666 %'), ValidationError);
    assert.throws(() => parsePct('abc'), ValidationError);
    assert.throws(() => parsePct(''), ValidationError);
    assert.throws(() => parsePct('1.000,5%'), ValidationError);
  });

  it('reads back whatever formatPct and formatPctDecimal wrote', () => {
    fc.assert(
      fc.property(fc.bigInt(), (p) => {
        assert.equal(parsePct(formatPct(p)), p);
        assert.equal(parsePct(formatPctDecimal(p)), p);
      }),
    );
  });
});
