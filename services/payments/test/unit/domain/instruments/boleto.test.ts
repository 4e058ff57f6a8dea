import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addDays } from '@consorcio/shared/clock';
import {
  BOLETO_MAX_AMOUNT,
  DUE_FACTOR_MAX_DATE,
  DUE_FACTOR_MIN_DATE,
  type BoletoInput,
  barcode,
  barcodeCheckDigit,
  digitableLine,
  dueDateFromFactor,
  dueFactor,
  modulo10CheckDigit,
  parseDigitableLine,
  validateBarcode,
} from '../../../../src/domain/instruments';

// Oracles written differently from the code under test: weights listed left to right from an explicit table, the
// modulo-10 product digits summed through their decimal text.
import {
  KNOWN,
  anyBoleto,
  anyDueDate,
  assertInvalid,
  digits,
  mod10Oracle,
  mod11Oracle,
  otherDigit,
} from './boleto-fixtures';

describe('boleto (FEBRABAN ficha de compensação)', () => {
  describe('known answers', () => {
    for (const k of KNOWN) {
      it(`bank ${k.input.bank}, due ${k.input.dueDate}: factor, barcode and linha digitável exactly`, () => {
        assert.equal(dueFactor(k.input.dueDate), k.factor);
        assert.equal(barcode(k.input), k.barcode);
        const line = digitableLine(k.barcode);
        assert.equal(line.formatted, k.line);
        assert.equal(line.digits, k.line.replace(/[. ]/g, ''));
        assert.equal(line.digits.length, 47);
      });

      it(`bank ${k.input.bank}: every check digit agrees with an independent computation`, () => {
        const b = k.barcode;
        assert.equal(Number(b[4]), mod11Oracle(b.slice(0, 4) + b.slice(5)), 'barcode general digit');
        assert.equal(barcodeCheckDigit(b.slice(0, 4) + b.slice(5)), Number(b[4]));
        const d = k.line.replace(/[. ]/g, '');
        const fields = [d.slice(0, 10), d.slice(10, 21), d.slice(21, 32)];
        fields.forEach((f, i) => {
          assert.equal(Number(f.slice(-1)), mod10Oracle(f.slice(0, -1)), `field ${i + 1} digit`);
          assert.equal(modulo10CheckDigit(f.slice(0, -1)), Number(f.slice(-1)));
        });
        assert.equal(d.slice(0, 4), b.slice(0, 4), 'field 1 starts with bank and currency');
        assert.equal(d.slice(4, 9) + d.slice(10, 20) + d.slice(21, 31), b.slice(19), 'fields 1–3 carry the free field');
        assert.equal(d[32], b[4], 'field 4 is the general digit');
        assert.equal(d.slice(33), b.slice(5, 19), 'field 5 is factor ‖ amount');
      });

      it(`bank ${k.input.bank}: the line and the barcode decode to the input`, () => {
        const expected = {
          barcode: k.barcode,
          bank: k.input.bank,
          currency: '9',
          checkDigit: Number(k.barcode[4]),
          dueFactor: k.factor,
          amount: k.input.amount,
          freeField: k.input.freeField,
        };
        assert.deepEqual(parseDigitableLine(k.line), expected);
        assert.deepEqual(parseDigitableLine(k.line.replace(/[. ]/g, '')), expected);
        assert.deepEqual(validateBarcode(k.barcode), expected);
        assert.equal(dueDateFromFactor(k.factor, k.input.dueDate), k.input.dueDate);
      });
    }
  });

  describe('dueFactor', () => {
    it('counts days from 1997-10-07 to 2025-02-21 (9999), restarts at 1000 on 2025-02-22', () => {
      assert.equal(dueFactor('2000-07-03'), 1000);
      assert.equal(dueFactor('2000-07-04'), 1001);
      assert.equal(dueFactor('2025-02-21'), 9999);
      assert.equal(dueFactor('2025-02-22'), 1000);
      assert.equal(dueFactor('2025-02-23'), 1001);
      assert.equal(dueFactor('2049-10-13'), 9999);
    });

    it('rejects dates the four digits cannot represent, and non-dates', () => {
      for (const date of ['2000-07-02', '1997-10-07', '2049-10-14', '2100-01-01', '2025-02-30', '12/05/2025', ''])
        assertInvalid(() => dueFactor(date), 'dueDate');
    });

    it('is 1000..9999 and one more each day inside a cycle (property)', () => {
      fc.assert(
        fc.property(anyDueDate, (date) => {
          const f = dueFactor(date);
          assert.ok(f >= 1000 && f <= 9999);
          if (date !== '2025-02-21' && date !== DUE_FACTOR_MAX_DATE) assert.equal(dueFactor(addDays(date, 1)), f + 1);
        }),
        { numRuns: 500 },
      );
    });
  });

  describe('dueDateFromFactor', () => {
    it('picks the cycle nearer to the reference date', () => {
      assert.equal(dueDateFromFactor(1079, '2025-05-01'), '2025-05-12');
      assert.equal(dueDateFromFactor(1079, '2001-01-01'), '2000-09-20');
      assert.equal(dueDateFromFactor(9656, '2024-03-01'), '2024-03-15');
      assert.equal(dueDateFromFactor(9999, '2025-01-01'), '2025-02-21');
      assert.equal(dueDateFromFactor(1000, '2025-03-01'), '2025-02-22');
    });

    it('rejects factors outside 1000..9999 and bad reference dates', () => {
      for (const f of [0, 999, 10_000, 1000.5, Number.NaN])
        assertInvalid(() => dueDateFromFactor(f, '2025-01-01'), 'dueFactor');
      assertInvalid(() => dueDateFromFactor(1000, '2025-13-01'), 'near');
    });

    it('gives back the due date when the reference is within 4000 days of it (property)', () => {
      fc.assert(
        fc.property(anyDueDate, fc.integer({ min: -4000, max: 4000 }), (date, offset) => {
          assert.equal(dueDateFromFactor(dueFactor(date), addDays(date, offset)), date);
        }),
        { numRuns: 1000 },
      );
    });
  });

  describe('barcode input validation', () => {
    const base = KNOWN[0].input;
    const cases: [Partial<Record<keyof BoletoInput, unknown>>, string][] = [
      [{ bank: '01' }, 'bank'],
      [{ bank: '0001' }, 'bank'],
      [{ bank: '0a1' }, 'bank'],
      [{ currency: '0' }, 'currency'],
      [{ dueDate: '2000-07-02' }, 'dueDate'],
      [{ dueDate: '2025-02-29' }, 'dueDate'],
      [{ amount: -1n }, 'amount'],
      [{ amount: BOLETO_MAX_AMOUNT + 1n }, 'amount'],
      [{ amount: 100 }, 'amount'],
      [{ freeField: '000000123456700000000011' }, 'freeField'],
      [{ freeField: '00000012345670000000001170' }, 'freeField'],
      [{ freeField: '000000123456700000000011x' }, 'freeField'],
    ];
    for (const [change, field] of cases)
      it(`rejects ${JSON.stringify(change, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))} on ${field}`, () => {
        assertInvalid(() => barcode({ ...base, ...change } as BoletoInput), field);
      });

    it('accepts the extremes: amount 0 and 9 999 999 999, first and last representable dates', () => {
      assert.match(barcode({ ...base, amount: 0n, dueDate: DUE_FACTOR_MIN_DATE }), /^0019\d10000000000000/);
      assert.match(
        barcode({ ...base, amount: BOLETO_MAX_AMOUNT, dueDate: DUE_FACTOR_MAX_DATE }),
        /^0019\d99999999999999/,
      );
    });
  });

  describe('check digits', () => {
    it('modulo 11 is 11 − (sum mod 11), with results 0, 10 and 11 made 1', () => {
      const zeros = (n: number) => '0'.repeat(n);
      assert.equal(barcodeCheckDigit(zeros(43)), 1); // sum 0 → 11 → 1
      assert.equal(barcodeCheckDigit(zeros(42) + '6'), 1); // sum 12, remainder 1 → 10 → 1
      assert.equal(barcodeCheckDigit(zeros(42) + '5'), 1); // sum 10 → 11 − 10 = 1 (a genuine 1)
      assert.equal(barcodeCheckDigit(zeros(41) + '14'), 1); // 3 + 8 = 11, remainder 0 → 1
      assert.equal(barcodeCheckDigit(zeros(42) + '1'), 9); // sum 2 → 9
      assert.equal(barcodeCheckDigit(zeros(35) + '1' + zeros(7)), 2); // weight 9 → remainder 9 → 2
      assert.equal(barcodeCheckDigit(zeros(34) + '1' + zeros(8)), 9); // weights cycle back to 2 at the 9th digit
    });

    it('modulo 10 sums the digits of each product (weights 2, 1, … from the right)', () => {
      assert.equal(modulo10CheckDigit('0'), 0); // sum 0 → (10 − 0) mod 10 = 0
      assert.equal(modulo10CheckDigit('9'), 1); // 9 × 2 = 18 → 1 + 8 = 9 → 10 − 9
      assert.equal(modulo10CheckDigit('5'), 9); // 5 × 2 = 10 → 1 + 0 = 1 → 10 − 1
      assert.equal(modulo10CheckDigit('12'), 5); // 2 × 2 + 1 × 1 = 5 → 10 − 5
      assert.equal(modulo10CheckDigit('001900000'), 9); // field 1 of known answer 1
      assertInvalid(() => modulo10CheckDigit('12a'), 'digits');
    });

    it('both agree with the oracles on any digits (property)', () => {
      fc.assert(
        fc.property(digits(43), (d) => assert.equal(barcodeCheckDigit(d), mod11Oracle(d))),
        { numRuns: 2000 },
      );
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 20 }).chain(digits), (d) =>
          assert.equal(modulo10CheckDigit(d), mod10Oracle(d)),
        ),
        { numRuns: 2000 },
      );
    });
  });

  describe('validateBarcode', () => {
    it('rejects a wrong length, non-digits, a currency other than 9 and a wrong general digit', () => {
      const b = KNOWN[1].barcode;
      for (const bad of ['', b.slice(1), b + '0', b.replace('3419', '341x'), b.slice(0, 3) + '0' + b.slice(4)])
        assertInvalid(() => validateBarcode(bad), 'barcode');
      for (let dv = 0; dv <= 9; dv++)
        if (String(dv) !== b[4]) assertInvalid(() => validateBarcode(b.slice(0, 4) + dv + b.slice(5)), 'barcode');
      assertInvalid(() => digitableLine(b.slice(0, 4) + '0' + b.slice(5)), 'barcode');
    });

    it('catches any single wrong digit whenever the general digit is not 1 (property)', () => {
      fc.assert(
        fc.property(
          anyBoleto,
          fc.integer({ min: 0, max: 43 }),
          fc.integer({ min: 0, max: 8 }),
          (input, position, k) => {
            const code = barcode(input);
            const changed =
              code.slice(0, position) + otherDigit(code[position] as string, k) + code.slice(position + 1);
            if (code[4] !== '1' || position === 4) assertInvalid(() => validateBarcode(changed), 'barcode');
          },
        ),
        { numRuns: 3000 },
      );
    });
  });
});
