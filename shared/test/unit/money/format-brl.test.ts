import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ValidationError } from '../../../src/errors';
import { formatBRL, parseBRL, parseCentavos } from '../../../src/money';

describe('formatBRL', () => {
  it('formats centavos with dot thousands and comma decimals', () => {
    assert.equal(formatBRL(123456n), 'R$ 1.234,56');
    assert.equal(formatBRL(5n), 'R$ 0,05');
    assert.equal(formatBRL(0n), 'R$ 0,00');
    assert.equal(formatBRL(123456789012n), 'R$ 1.234.567.890,12');
    assert.equal(formatBRL(100000n), 'R$ 1.000,00');
  });

  it('puts the minus sign before R$ for negatives', () => {
    assert.equal(formatBRL(-123456n), '-R$ 1.234,56');
  });
});

describe('parseCentavos', () => {
  it('parses dot-decimal amounts into centavos', () => {
    assert.equal(parseCentavos('1234.56'), 123456n);
    assert.equal(parseCentavos('1234.5'), 123450n);
    assert.equal(parseCentavos('1234'), 123400n);
    assert.equal(parseCentavos('-0.01'), -1n);
  });

  it('throws a ValidationError on more than two decimals or malformed text', () => {
    assert.throws(() => parseCentavos('1.234'), ValidationError);
    assert.throws(() => parseCentavos('1,5'), ValidationError);
    assert.throws(() => parseCentavos(''), ValidationError);
    assert.throws(() => parseCentavos('1e3'), ValidationError);
  });
});

describe('parseBRL', () => {
  it('parses Brazilian-format amounts, with or without R$ and thousands dots', () => {
    assert.equal(parseBRL('R$ 1.234,56'), 123456n);
    assert.equal(parseBRL('-R$ 1.234,56'), -123456n);
    assert.equal(parseBRL('1234,5'), 123450n);
    assert.equal(parseBRL('R$\u00a010,00'), 1000n);
  });

  it('throws a ValidationError on misplaced thousands dots or dot decimals', () => {
    assert.throws(() => parseBRL('R$ 12.34,56'), ValidationError);
    assert.throws(() => parseBRL('1234.56'), ValidationError);
    assert.throws(() => parseBRL('R$'), ValidationError);
  });

  it('reads back whatever formatBRL wrote', () => {
    fc.assert(fc.property(fc.bigInt(), (c) => assert.equal(parseBRL(formatBRL(c)), c)));
  });
});
