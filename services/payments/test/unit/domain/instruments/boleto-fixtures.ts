import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ValidationError } from '@consorcio/shared/errors';
import { addDays, daysBetween } from '@consorcio/shared/clock';
import {
  BOLETO_MAX_AMOUNT,
  DUE_FACTOR_MAX_DATE,
  DUE_FACTOR_MIN_DATE,
  type BoletoInput,
} from '../../../../src/domain/instruments';

// Oracles written differently from the code under test: weights listed left to right from an explicit table, the
// modulo-10 product digits summed through their decimal text.

/** Independent check-digit oracles, known answers and generators the boleto tests share. */
export const mod11Oracle = (digits43: string): number => {
  const ds = [...digits43].map(Number);
  const sum = ds.reduce((acc, d, i) => acc + d * (2 + ((ds.length - 1 - i) % 8)), 0);
  const r = sum % 11;
  return r === 0 || r === 1 ? 1 : 11 - r === 10 ? 1 : 11 - r;
};
export const mod10Oracle = (digits: string): number => {
  const ds = [...digits].map(Number);
  const sum = ds.reduce((acc, d, i) => {
    const weight = (ds.length - 1 - i) % 2 === 0 ? 2 : 1;
    return acc + [...String(d * weight)].reduce((s, c) => s + Number(c), 0);
  }, 0);
  return (10 - (sum % 10)) % 10;
};
/** Every check a linha digitável must pass, recomputed by the oracles; true when all hold. */
export const lineHoldsByOracle = (d: string): boolean => {
  const fieldsOk = [d.slice(0, 10), d.slice(10, 21), d.slice(21, 32)].every(
    (f) => mod10Oracle(f.slice(0, -1)) === Number(f.slice(-1)),
  );
  const code = d.slice(0, 4) + d.slice(32, 47) + d.slice(4, 9) + d.slice(10, 20) + d.slice(21, 31);
  return fieldsOk && code[3] === '9' && mod11Oracle(code.slice(0, 4) + code.slice(5)) === Number(code[4]);
};

export function assertInvalid(fn: () => unknown, field: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ValidationError, `expected a ValidationError, got ${String(err)}`);
    assert.equal(err.violations[0]?.field, field);
    return true;
  });
}

export const KNOWN = [
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

export const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
export const SPAN = daysBetween(DUE_FACTOR_MIN_DATE, DUE_FACTOR_MAX_DATE);
export const anyDueDate = fc.integer({ min: 0, max: SPAN }).map((n) => addDays(DUE_FACTOR_MIN_DATE, n));
export const anyBoleto: fc.Arbitrary<BoletoInput> = fc.record({
  bank: digits(3),
  currency: fc.constant('9' as const),
  dueDate: anyDueDate,
  amount: fc.bigInt({ min: 0n, max: BOLETO_MAX_AMOUNT }),
  freeField: digits(25),
});
/** A digit other than `d`. */
export const otherDigit = (d: string, k: number): string => String((Number(d) + 1 + (k % 9)) % 10);
