import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ValidationError } from '@consorcio/shared/errors';
import { addDays, daysBetween } from '@consorcio/shared/clock';
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
  formatDigitableLine,
  modulo10CheckDigit,
  parseDigitableLine,
  validateBarcode,
} from '../../../../src/domain/instruments';

// Oracles written differently from the code under test: weights listed left to right from an explicit table, the
// modulo-10 product digits summed through their decimal text.
const mod11Oracle = (digits43: string): number => {
  const ds = [...digits43].map(Number);
  const sum = ds.reduce((acc, d, i) => acc + d * (2 + ((ds.length - 1 - i) % 8)), 0);
  const r = sum % 11;
  return r === 0 || r === 1 ? 1 : 11 - r === 10 ? 1 : 11 - r;
};
const mod10Oracle = (digits: string): number => {
  const ds = [...digits].map(Number);
  const sum = ds.reduce((acc, d, i) => {
    const weight = (ds.length - 1 - i) % 2 === 0 ? 2 : 1;
    return acc + [...String(d * weight)].reduce((s, c) => s + Number(c), 0);
  }, 0);
  return (10 - (sum % 10)) % 10;
};
/** Every check a linha digitável must pass, recomputed by the oracles; true when all hold. */
const lineHoldsByOracle = (d: string): boolean => {
  const fieldsOk = [d.slice(0, 10), d.slice(10, 21), d.slice(21, 32)].every(
    (f) => mod10Oracle(f.slice(0, -1)) === Number(f.slice(-1)),
  );
  const code = d.slice(0, 4) + d.slice(32, 47) + d.slice(4, 9) + d.slice(10, 20) + d.slice(21, 31);
  return fieldsOk && code[3] === '9' && mod11Oracle(code.slice(0, 4) + code.slice(5)) === Number(code[4]);
};

function assertInvalid(fn: () => unknown, field: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ValidationError, `expected a ValidationError, got ${String(err)}`);
    assert.equal(err.violations[0]?.field, field);
    return true;
  });
}

const KNOWN = [
  {
    input: {
      bank: '001',
      currency: '9',
      dueDate: '2025-05-12',
      amount: 247_519n,
      freeField: '0000001234567000000000117',
    },
    factor: 1079,
    barcode: '00191107900002475190000001234567000000000117',
    line: '00190.00009 01234.567004 00000.001172 1 10790000247519',
  },
  {
    input: {
      bank: '341',
      currency: '9',
      dueDate: '2024-03-15',
      amount: 103_071n,
      freeField: '1090000000012345678901230',
    },
    factor: 9656,
    barcode: '34193965600001030711090000000012345678901230',
    line: '34191.09008 00000.012344 56789.012301 3 96560000103071',
  },
] as const satisfies readonly { input: BoletoInput; factor: number; barcode: string; line: string }[];

const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
const SPAN = daysBetween(DUE_FACTOR_MIN_DATE, DUE_FACTOR_MAX_DATE);
const anyDueDate = fc.integer({ min: 0, max: SPAN }).map((n) => addDays(DUE_FACTOR_MIN_DATE, n));
const anyBoleto: fc.Arbitrary<BoletoInput> = fc.record({
  bank: digits(3),
  currency: fc.constant('9' as const),
  dueDate: anyDueDate,
  amount: fc.bigInt({ min: 0n, max: BOLETO_MAX_AMOUNT }),
  freeField: digits(25),
});
/** A digit other than `d`. */
const otherDigit = (d: string, k: number): string => String((Number(d) + 1 + (k % 9)) % 10);

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
