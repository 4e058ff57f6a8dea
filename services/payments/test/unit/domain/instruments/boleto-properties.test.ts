import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ValidationError } from '@consorcio/shared/errors';
import {
  barcode,
  digitableLine,
  dueDateFromFactor,
  dueFactor,
  formatDigitableLine,
  parseDigitableLine,
  validateBarcode,
} from '../../../../src/domain/instruments';

// Oracles written differently from the code under test: weights listed left to right from an explicit table, the
// modulo-10 product digits summed through their decimal text.
import {
  KNOWN,
  anyBoleto,
  assertInvalid,
  lineHoldsByOracle,
  mod10Oracle,
  mod11Oracle,
  otherDigit,
} from './boleto-fixtures';

describe('boleto (FEBRABAN ficha de compensação), properties', () => {
  describe('round trips (properties)', () => {
    it('any valid input: barcode → linha digitável → barcode, and both decode to the input', () => {
      fc.assert(
        fc.property(anyBoleto, (input) => {
          const code = barcode(input);
          assert.match(code, /^\d{44}$/);
          assert.equal(Number(code[4]), mod11Oracle(code.slice(0, 4) + code.slice(5)));
          const line = digitableLine(code);
          assert.ok(lineHoldsByOracle(line.digits));
          assert.equal(line.formatted, formatDigitableLine(line.digits));
          assert.match(line.formatted, /^\d{5}\.\d{5} \d{5}\.\d{6} \d{5}\.\d{6} \d \d{14}$/);
          const fromLine = parseDigitableLine(line.formatted);
          assert.equal(fromLine.barcode, code);
          assert.deepEqual(parseDigitableLine(line.digits), fromLine);
          assert.deepEqual(validateBarcode(code), fromLine);
          assert.equal(fromLine.bank, input.bank);
          assert.equal(fromLine.amount, input.amount);
          assert.equal(fromLine.freeField, input.freeField);
          assert.equal(fromLine.dueFactor, dueFactor(input.dueDate));
          assert.equal(dueDateFromFactor(fromLine.dueFactor, input.dueDate), input.dueDate);
        }),
        { numRuns: 2000 },
      );
    });
  });

  describe('single-digit errors in a linha digitável', () => {
    const wrongDigitLine = fc
      .tuple(anyBoleto, fc.integer({ min: 0, max: 46 }), fc.integer({ min: 0, max: 8 }))
      .map(([input, position, k]) => {
        const d = digitableLine(barcode(input)).digits;
        const changed = d.slice(0, position) + otherDigit(d[position] as string, k) + d.slice(position + 1);
        return { d, position, changed };
      });
    const rejects = (line: string): boolean => {
      try {
        parseDigitableLine(line);
        return false;
      } catch (err) {
        assert.ok(err instanceof ValidationError);
        return true;
      }
    };

    it('are always caught in fields 1–4 (positions 1–33), and in field 5 whenever the general digit is not 1', () => {
      fc.assert(
        fc.property(wrongDigitLine, ({ d, position, changed }) => {
          if (position < 33 || d[32] !== '1') assert.ok(rejects(changed), `${changed} (position ${position + 1})`);
        }),
        { numRuns: 5000 },
      );
    });

    it('are caught exactly when some check digit no longer holds (property, all positions)', () => {
      fc.assert(
        fc.property(wrongDigitLine, ({ changed }) => assert.equal(rejects(changed), !lineHoldsByOracle(changed))),
        { numRuns: 5000 },
      );
    });

    it('the layout’s blind spot: with general digit 1, some field-5 errors keep every check digit valid', () => {
      // Known answer 1 with the amount 2475.19 mistyped as 2475.49: remainder 1 became 10, both map to digit 1.
      const mistyped = '00190.00009 01234.567004 00000.001172 1 10790000247549';
      assert.ok(lineHoldsByOracle(mistyped.replace(/[. ]/g, '')));
      assert.equal(parseDigitableLine(mistyped).amount, 247_549n);
    });

    it('rejects lines of the wrong length or with other characters, and a currency other than 9', () => {
      for (const bad of ['', '0019000009', KNOWN[0].line + '0', KNOWN[0].line.replace('1079', '10x9'), 'abc'])
        assertInvalid(() => parseDigitableLine(bad), 'digitableLine');
      // Currency 0 with field 1's digit recomputed, so only the currency rule can refuse it.
      const d = KNOWN[0].line.replace(/[. ]/g, '');
      const f1 = d.slice(0, 3) + '0' + d.slice(4, 9);
      assertInvalid(() => parseDigitableLine(f1 + String(mod10Oracle(f1)) + d.slice(10)), 'digitableLine');
    });
  });
});
