import { ValidationError } from '@consorcio/shared/errors';
import { addDays, daysBetween, isValidDate } from '@consorcio/shared/clock';

/**
 * The boleto's "ficha de compensação" in the FEBRABAN layout: the 44-digit barcode, its 47-digit "linha digitável"
 * and their check digits. Pure: dates are `YYYY-MM-DD`, money is bigint centavos.
 *
 * Barcode (44 digits), by position:
 * - 1–3 bank code, 4 currency code ("9" = real), 5 general check digit (modulo 11, see {@link barcodeCheckDigit}),
 * - 6–9 due factor (see {@link dueFactor}), 10–19 amount in centavos (zero-padded),
 * - 20–44 free field (25 digits whose layout — agreement, "nosso número" — belongs to the bank).
 *
 * Linha digitável (47 digits), shown as `AAAAA.AAAAA BBBBB.BBBBBB CCCCC.CCCCCC D EEEEEEEEEEEEEE`:
 * - field 1: bank, currency, free field 1–5, then a modulo-10 digit;
 * - field 2: free field 6–15, then a modulo-10 digit;
 * - field 3: free field 16–25, then a modulo-10 digit;
 * - field 4: the barcode's general check digit;
 * - field 5: due factor and amount (14 digits), exactly as in the barcode.
 *
 * A known limitation of the layout itself: the general digit maps three remainders (0, 1 and 10) to the same digit 1,
 * so when it is 1 a mistyped digit of field 5 can go unnoticed. Fields 1–4 always catch a single wrong digit.
 */

/** The due factor counts days from this date (factor 0 would be this day; it means "no due date"). */
export const DUE_FACTOR_BASE_DATE = '1997-10-07';
/** The last day of the first cycle: factor 9999. */
export const DUE_FACTOR_FIRST_CYCLE_END = '2025-02-21';
/** The first day of the second cycle, when the factor went back to 1000. */
export const DUE_FACTOR_SECOND_CYCLE_START = '2025-02-22';
/**
 * The earliest due date this module writes: factor 1000 of the first cycle. Factors below 1000 (1997–2000) were
 * retired when the count restarted at 1000, so writing them would only produce barcodes nobody can place in time.
 */
export const DUE_FACTOR_MIN_DATE = '2000-07-03';
/** The latest due date the four digits can hold: factor 9999 of the second cycle. */
export const DUE_FACTOR_MAX_DATE = '2049-10-13';
/** The greatest amount the barcode's ten digits can hold: R$ 99.999.999,99. */
export const BOLETO_MAX_AMOUNT = 9_999_999_999n;

/** The fields a barcode is made of (its check digit aside). */
export interface BoletoInput {
  /** The bank's three-digit code, e.g. "001" (Banco do Brasil), "341" (Itaú). */
  readonly bank: string;
  /** Currency code: "9" is the real, the only currency accepted here. */
  readonly currency: '9';
  /** The due date `YYYY-MM-DD`, between {@link DUE_FACTOR_MIN_DATE} and {@link DUE_FACTOR_MAX_DATE}. */
  readonly dueDate: string;
  /** The amount in centavos, 0 to {@link BOLETO_MAX_AMOUNT}; 0 leaves the amount to be typed at payment. */
  readonly amount: bigint;
  /** The bank's free field: exactly 25 digits. */
  readonly freeField: string;
}

/** What a barcode or a linha digitável says, once every check digit has been verified. */
export interface DecodedBoleto {
  /** The 44-digit barcode. */
  readonly barcode: string;
  readonly bank: string;
  readonly currency: '9';
  /** The barcode's general check digit (position 5, the linha digitável's field 4). */
  readonly checkDigit: number;
  /**
   * The due factor as written, 0–9999 (0 = no due date). Turning it into a date needs a reference date, since every
   * factor from 1000 up names two days 9000 days apart: see {@link dueDateFromFactor}.
   */
  readonly dueFactor: number;
  readonly amount: bigint;
  readonly freeField: string;
}

const onlyDigits = (s: string, length: number): boolean =>
  typeof s === 'string' && s.length === length && /^\d+$/.test(s);

/**
 * The due factor of `date`: days since 1997-10-07 up to 2025-02-21 (factor 9999); from 2025-02-22 on the count
 * restarts at 1000, i.e. `1000 + days since 2025-02-22`.
 * @throws ValidationError on `dueDate` when the date is not a real `YYYY-MM-DD` date or falls outside
 * {@link DUE_FACTOR_MIN_DATE}..{@link DUE_FACTOR_MAX_DATE}.
 */
export function dueFactor(date: string): number {
  if (!isValidDate(date)) throw new ValidationError('dueDate', 'must be a valid YYYY-MM-DD date');
  if (date < DUE_FACTOR_MIN_DATE || date > DUE_FACTOR_MAX_DATE)
    throw new ValidationError(
      'dueDate',
      `must be between ${DUE_FACTOR_MIN_DATE} and ${DUE_FACTOR_MAX_DATE} (the range a due factor can represent)`,
    );
  // ISO dates compare as strings in calendar order.
  return date <= DUE_FACTOR_FIRST_CYCLE_END
    ? daysBetween(DUE_FACTOR_BASE_DATE, date)
    : 1000 + daysBetween(DUE_FACTOR_SECOND_CYCLE_START, date);
}

/**
 * The due date that `factor` (1000–9999) names, choosing, of the two cycles, the date nearer to `near` (ties go to
 * the earlier date). A caller reading a boleto passes today: a boleto due 12 years from now is not a thing.
 * @throws ValidationError on `dueFactor` (not an integer 1000–9999) or `near` (not a date).
 */
export function dueDateFromFactor(factor: number, near: string): string {
  if (!Number.isInteger(factor) || factor < 1000 || factor > 9999)
    throw new ValidationError('dueFactor', 'must be an integer from 1000 to 9999');
  if (!isValidDate(near)) throw new ValidationError('near', 'must be a valid YYYY-MM-DD date');
  const first = addDays(DUE_FACTOR_BASE_DATE, factor);
  const second = addDays(DUE_FACTOR_SECOND_CYCLE_START, factor - 1000);
  return Math.abs(daysBetween(near, second)) < Math.abs(daysBetween(near, first)) ? second : first;
}

/**
 * The barcode's general check digit over its other 43 digits (`digits43`): weights 2, 3, …, 9, 2, 3, … from the
 * rightmost digit leftwards; the digit is `11 − (sum mod 11)`, and a result of 0, 10 or 11 becomes 1.
 */
export function barcodeCheckDigit(digits43: string): number {
  if (!onlyDigits(digits43, 43)) throw new ValidationError('barcode', 'must have 43 digits besides the check digit');
  let sum = 0;
  for (let i = digits43.length - 1, weight = 2; i >= 0; i--) {
    sum += Number(digits43[i]) * weight;
    weight = weight === 9 ? 2 : weight + 1;
  }
  const dv = 11 - (sum % 11);
  return dv === 0 || dv === 10 || dv === 11 ? 1 : dv;
}

/**
 * The modulo-10 check digit of a linha digitável field (`digits` without its own check digit): weights 2, 1, 2, 1, …
 * from the rightmost digit leftwards, the digits of each product added up (14 counts as 1 + 4), and the digit is
 * `(10 − sum mod 10) mod 10`.
 */
export function modulo10CheckDigit(digits: string): number {
  if (typeof digits !== 'string' || !/^\d+$/.test(digits)) throw new ValidationError('digits', 'must be digits');
  let sum = 0;
  for (let i = digits.length - 1, weight = 2; i >= 0; i--) {
    const product = Number(digits[i]) * weight;
    sum += product > 9 ? product - 9 : product; // the digit sum of a two-digit product (≤ 18) is product − 9
    weight = weight === 2 ? 1 : 2;
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * The 44-digit barcode of a boleto.
 * @throws ValidationError naming the field: `bank` (not 3 digits), `currency` (not "9"), `dueDate` (see
 * {@link dueFactor}), `amount` (not a bigint 0..{@link BOLETO_MAX_AMOUNT}), `freeField` (not 25 digits).
 */
export function barcode(input: BoletoInput): string {
  const { bank, currency, dueDate, amount, freeField } = input;
  if (!onlyDigits(bank, 3)) throw new ValidationError('bank', 'must be 3 digits');
  if (currency !== '9') throw new ValidationError('currency', 'must be "9" (real)');
  const factor = dueFactor(dueDate);
  if (typeof amount !== 'bigint' || amount < 0n || amount > BOLETO_MAX_AMOUNT)
    throw new ValidationError('amount', `must be centavos from 0 to ${BOLETO_MAX_AMOUNT}`);
  if (!onlyDigits(freeField, 25)) throw new ValidationError('freeField', 'must be 25 digits');
  const tail = `${String(factor).padStart(4, '0')}${amount.toString().padStart(10, '0')}${freeField}`;
  const dv = barcodeCheckDigit(`${bank}${currency}${tail}`);
  return `${bank}${currency}${dv}${tail}`;
}

/**
 * Decodes a 44-digit barcode after recomputing its general check digit.
 * @throws ValidationError on `barcode`: not 44 digits, a currency other than "9", or a wrong check digit.
 */
export function validateBarcode(code: string): DecodedBoleto {
  if (!onlyDigits(code, 44)) throw new ValidationError('barcode', 'must be 44 digits');
  const currency = code.slice(3, 4);
  if (currency !== '9') throw new ValidationError('barcode', 'currency code (position 4) must be "9" (real)');
  const checkDigit = Number(code[4]);
  if (barcodeCheckDigit(code.slice(0, 4) + code.slice(5)) !== checkDigit)
    throw new ValidationError('barcode', 'check digit (position 5) does not match');
  return {
    barcode: code,
    bank: code.slice(0, 3),
    currency,
    checkDigit,
    dueFactor: Number(code.slice(5, 9)),
    amount: BigInt(code.slice(9, 19)),
    freeField: code.slice(19),
  };
}

/** The linha digitável's five fields as digits, each of the first three followed by its modulo-10 digit. */
function lineFields(code: string): [string, string, string, string, string] {
  const free = code.slice(19);
  const f1 = code.slice(0, 4) + free.slice(0, 5);
  const f2 = free.slice(5, 15);
  const f3 = free.slice(15, 25);
  return [
    f1 + modulo10CheckDigit(f1),
    f2 + modulo10CheckDigit(f2),
    f3 + modulo10CheckDigit(f3),
    code.slice(4, 5),
    code.slice(5, 19),
  ];
}

/** `AAAAA.AAAAA BBBBB.BBBBBB CCCCC.CCCCCC D EEEEEEEEEEEEEE` from the 47 digits. */
export function formatDigitableLine(digits47: string): string {
  if (!onlyDigits(digits47, 47)) throw new ValidationError('digitableLine', 'must be 47 digits');
  const d = digits47;
  return (
    `${d.slice(0, 5)}.${d.slice(5, 10)} ${d.slice(10, 15)}.${d.slice(15, 21)} ` +
    `${d.slice(21, 26)}.${d.slice(26, 32)} ${d.slice(32, 33)} ${d.slice(33)}`
  );
}

/** The linha digitável of a boleto, as 47 bare digits and in its printed form. */
export interface DigitableLine {
  /** The 47 digits. */
  readonly digits: string;
  /** `AAAAA.AAAAA BBBBB.BBBBBB CCCCC.CCCCCC D EEEEEEEEEEEEEE`. */
  readonly formatted: string;
}

/**
 * The linha digitável of a barcode (whose check digit is verified first).
 * @throws ValidationError on `barcode` (see {@link validateBarcode}).
 */
export function digitableLine(code: string): DigitableLine {
  validateBarcode(code);
  const digits = lineFields(code).join('');
  return { digits, formatted: formatDigitableLine(digits) };
}

/**
 * Reads a linha digitável typed by a person — the 47 digits bare or with the printed dots and spaces — and returns
 * what it says, after checking the three modulo-10 digits of fields 1–3 and the general digit (field 4) against the
 * barcode rebuilt from the other fields.
 * @throws ValidationError on `digitableLine`, naming the field whose digit failed.
 */
export function parseDigitableLine(line: string): DecodedBoleto {
  if (typeof line !== 'string' || !/^[\d. ]+$/.test(line.trim()))
    throw new ValidationError('digitableLine', 'must be 47 digits, optionally with dots and spaces');
  const d = line.replace(/[. ]/g, '');
  if (d.length !== 47) throw new ValidationError('digitableLine', 'must be 47 digits');
  const fields = [d.slice(0, 10), d.slice(10, 21), d.slice(21, 32)];
  fields.forEach((field, i) => {
    if (modulo10CheckDigit(field.slice(0, -1)) !== Number(field.slice(-1)))
      throw new ValidationError('digitableLine', `check digit of field ${i + 1} does not match`);
  });
  const [f1, f2, f3] = fields as [string, string, string];
  const code = f1.slice(0, 4) + d.slice(32, 33) + d.slice(33, 47) + f1.slice(4, 9) + f2.slice(0, 10) + f3.slice(0, 10);
  if (code.slice(3, 4) !== '9')
    throw new ValidationError('digitableLine', 'currency code (4th digit) must be "9" (real)');
  if (barcodeCheckDigit(code.slice(0, 4) + code.slice(5)) !== Number(code[4]))
    throw new ValidationError('digitableLine', 'general check digit (field 4) does not match');
  return validateBarcode(code);
}
