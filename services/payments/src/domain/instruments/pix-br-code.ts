import { ValidationError } from '@consorcio/shared/errors';

/**
 * PIX "copia e cola" (BR Code): the EMV merchant-presented payload of a static charge, and its reader. Pure.
 *
 * The payload is a run of TLV fields — a 2-digit id, a 2-digit length, then the value — written in this order:
 * - `00` payload format indicator, "01";
 * - `26` merchant account information, itself TLV: `00` the GUI "br.gov.bcb.pix", `01` the PIX key;
 * - `52` merchant category code, "0000"; `53` currency, "986" (real);
 * - `54` amount in reais with exactly two decimals ("2475.19"), written from centavos without floating point;
 * - `58` country "BR"; `59` merchant name (≤ 25 characters); `60` merchant city (≤ 15 characters);
 * - `62` additional data, TLV: `05` the txid (≤ 25 letters and digits; "***" in payloads that carry none);
 * - `63` CRC16/CCITT-FALSE (polynomial 0x1021, initial 0xFFFF, no reflection, no final xor) over every byte before
 *   its value — so over "…6304" — as 4 uppercase hex digits.
 * Names and cities are folded to ASCII ("São Paulo" → "Sao Paulo"), the form every bank app shows correctly.
 */

/** The GUI that marks a merchant account template as PIX. */
export const PIX_GUI = 'br.gov.bcb.pix';
/** Merchant category code of a PIX charge ("not informed"). */
export const PIX_MERCHANT_CATEGORY = '0000';
/** ISO 4217 numeric code of the real. */
export const PIX_CURRENCY = '986';
export const PIX_COUNTRY = 'BR';
export const PIX_MAX_NAME_LENGTH = 25;
export const PIX_MAX_CITY_LENGTH = 15;
export const PIX_MAX_TXID_LENGTH = 25;
/** The key's sub-field shares the 99 characters of field 26 with the GUI's: 99 − 18 − 4. */
export const PIX_MAX_KEY_LENGTH = 77;
/** Field 54 holds at most 13 characters: "9999999999.99". */
export const PIX_MAX_AMOUNT = 999_999_999_999n;

/** A static PIX charge, as the billing side knows it. */
export interface PixChargeInput {
  /**
   * The receiver's PIX key: a CPF (11 digits) or CNPJ (14 digits), a phone "+55" with area code (10–11 digits),
   * an email address, or a random key (EVP, a UUID).
   */
  readonly key: string;
  /** Amount in centavos, 1 to {@link PIX_MAX_AMOUNT}. */
  readonly amount: bigint;
  /** The receiver's name; folded to ASCII, then 1–25 characters. */
  readonly merchantName: string;
  /** The receiver's city; folded to ASCII, then 1–15 characters. */
  readonly merchantCity: string;
  /** The charge's id for reconciliation: 1–25 letters or digits. */
  readonly txid: string;
}

/** What a BR Code says, once its CRC has been checked. */
export interface ParsedPixPayload {
  readonly key: string;
  /** Amount in centavos, or null when the payload leaves it to the payer (no field 54). */
  readonly amount: bigint | null;
  readonly merchantName: string;
  readonly merchantCity: string;
  /** The txid as written ("***" when the payer's bank should not report one). */
  readonly txid: string;
  readonly merchantCategoryCode: string;
  readonly currency: string;
  readonly countryCode: string;
  /** The CRC field's value, 4 hex digits in upper case. */
  readonly crc: string;
}

/** One TLV field: 2-digit id, 2-digit length, value (at most 99 characters). */
function tlv(id: string, value: string): string {
  if (value.length > 99) throw new RangeError(`EMV field ${id} is longer than 99 characters`);
  return `${id}${String(value.length).padStart(2, '0')}${value}`;
}

const CRC_POLY = 0x1021;
const CRC_INIT = 0xffff;

/**
 * CRC16/CCITT-FALSE of `data` (a string is taken as its UTF-8 bytes): polynomial 0x1021, initial value 0xFFFF,
 * bits fed most significant first, no final xor. The check value of "123456789" is 0x29B1.
 */
export function crc16CcittFalse(data: string | Uint8Array): number {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let crc = CRC_INIT;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ CRC_POLY) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

/** The CRC field's value for everything that precedes it (which must already end with "6304"). */
function crcHex(beforeValue: string): string {
  return crc16CcittFalse(beforeValue).toString(16).toUpperCase().padStart(4, '0');
}

/**
 * `text` folded to ASCII: accents and other combining marks dropped ("João" → "Joao", "Conceição" → "Conceicao"),
 * surrounding blanks trimmed, runs of blanks made one space. Characters with no ASCII form stay and fail validation.
 */
export function foldToAscii(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/\s+/g, ' ').trim();
}

const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;
const TXID = /^[A-Za-z0-9]+$/;
const KEY_FORMATS: readonly RegExp[] = [
  /^\d{11}$/, // CPF
  /^\d{14}$/, // CNPJ
  /^\+55\d{10,11}$/, // phone: +55, area code, number
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/, // email
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, // random key (EVP)
];

/** The text of a name or city after folding, or a ValidationError naming `field`. */
function foldedText(field: string, raw: string, max: number): string {
  if (typeof raw !== 'string') throw new ValidationError(field, 'must be text');
  const folded = foldToAscii(raw);
  if (folded === '') throw new ValidationError(field, 'must not be empty');
  if (!PRINTABLE_ASCII.test(folded))
    throw new ValidationError(field, 'must be letters, digits and punctuation that have an ASCII form');
  if (folded.length > max) throw new ValidationError(field, `must have at most ${max} characters (after folding)`);
  return folded;
}

/** Centavos as reais with exactly two decimals: 247519n → "2475.19", 5n → "0.05". */
export function formatPixAmount(centavos: bigint): string {
  if (typeof centavos !== 'bigint' || centavos < 0n) throw new ValidationError('amount', 'must be centavos ≥ 0');
  return `${centavos / 100n}.${(centavos % 100n).toString().padStart(2, '0')}`;
}

/**
 * The BR Code ("copia e cola") of a static PIX charge, fields in the order listed at the top of this module.
 * @throws ValidationError naming the field: `key` (not a CPF, CNPJ, +55 phone, email or EVP of ≤ 77 characters),
 * `amount` (not 1..{@link PIX_MAX_AMOUNT} centavos), `merchantName` / `merchantCity` (empty, not foldable to ASCII, or
 * too long), `txid` (not 1–25 letters or digits).
 */
export function buildPixPayload(input: PixChargeInput): string {
  const { key, amount, txid } = input;
  if (typeof key !== 'string' || key.length > PIX_MAX_KEY_LENGTH || !KEY_FORMATS.some((re) => re.test(key)))
    throw new ValidationError(
      'key',
      `must be a PIX key of at most ${PIX_MAX_KEY_LENGTH} characters: CPF, CNPJ, +55 phone, email or random key`,
    );
  if (typeof amount !== 'bigint' || amount < 1n || amount > PIX_MAX_AMOUNT)
    throw new ValidationError('amount', `must be centavos from 1 to ${PIX_MAX_AMOUNT}`);
  const merchantName = foldedText('merchantName', input.merchantName, PIX_MAX_NAME_LENGTH);
  const merchantCity = foldedText('merchantCity', input.merchantCity, PIX_MAX_CITY_LENGTH);
  if (typeof txid !== 'string' || txid.length > PIX_MAX_TXID_LENGTH || !TXID.test(txid))
    throw new ValidationError('txid', `must be 1 to ${PIX_MAX_TXID_LENGTH} letters or digits`);
  const body =
    tlv('00', '01') +
    tlv('26', tlv('00', PIX_GUI) + tlv('01', key)) +
    tlv('52', PIX_MERCHANT_CATEGORY) +
    tlv('53', PIX_CURRENCY) +
    tlv('54', formatPixAmount(amount)) +
    tlv('58', PIX_COUNTRY) +
    tlv('59', merchantName) +
    tlv('60', merchantCity) +
    tlv('62', tlv('05', txid)) +
    '6304';
  return body + crcHex(body);
}

const malformed = (rule: string): ValidationError => new ValidationError('payload', rule);
/** `rule` prefixed with the template it is about ('' for the payload's top level). */
const inside = (where: string, rule: string): string => (where === '' ? rule : `${where}: ${rule}`);

/** Splits a run of TLV fields into a map; duplicates, short values or leftovers are malformed. */
function readTlv(text: string, where: string): Map<string, string> {
  const fields = new Map<string, string>();
  let i = 0;
  while (i < text.length) {
    const head = text.slice(i, i + 4);
    if (!/^\d{4}$/.test(head)) throw malformed(inside(where, `expected a 2-digit id and a 2-digit length at ${i}`));
    const id = head.slice(0, 2);
    const length = Number(head.slice(2));
    const value = text.slice(i + 4, i + 4 + length);
    if (value.length !== length) throw malformed(inside(where, `field ${id} is shorter than its length ${length}`));
    if (fields.has(id)) throw malformed(inside(where, `field ${id} appears twice`));
    fields.set(id, value);
    i += 4 + length;
  }
  return fields;
}

function required(fields: Map<string, string>, id: string, where: string): string {
  const value = fields.get(id);
  if (value === undefined || value === '') throw malformed(inside(where, `field ${id} is missing`));
  return value;
}

/** "2475.19", "10.5" or "100" as centavos, without floating point. */
function parseAmount(text: string): bigint {
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) throw malformed('field 54 (amount) must be reais like "2475.19"');
  return BigInt(m[1] as string) * 100n + BigInt((m[2] ?? '').padEnd(2, '0'));
}

/**
 * Reads a static BR Code: checks that it starts with field 00 = "01" and ends with the CRC field, that the CRC matches,
 * that the TLV structure is sound, and that the fields a static charge needs are there (26 with the PIX GUI — in any
 * letter case — and a key, 52, 53 = "986", 58, 59, 60, and 62 with a txid). Fields it does not know (01, 80–99…)
 * are skipped; the PIX account must be in field 26 (payloads that put it in 27–51 are refused).
 * @throws ValidationError on `payload` with a rule saying what is wrong.
 */
export function parsePixPayload(payload: string): ParsedPixPayload {
  if (typeof payload !== 'string') throw malformed('must be text');
  const text = payload.trim();
  const m = /^(.*6304)([0-9A-Fa-f]{4})$/s.exec(text);
  if (!m) throw malformed('must end with the CRC field "6304" and 4 hex digits');
  const beforeCrc = m[1] ?? '';
  const crc = (m[2] ?? '').toUpperCase();
  if (crcHex(beforeCrc) !== crc) throw malformed('CRC does not match');
  if (!beforeCrc.startsWith('000201')) throw malformed('must start with field 00 = "01"');
  const top = readTlv(beforeCrc.slice(0, -4), '');
  const account = readTlv(required(top, '26', ''), 'field 26');
  if (required(account, '00', 'field 26').toLowerCase() !== PIX_GUI)
    throw malformed(`field 26 must carry the GUI "${PIX_GUI}"`);
  const additional = readTlv(required(top, '62', ''), 'field 62');
  const currency = required(top, '53', '');
  if (currency !== PIX_CURRENCY) throw malformed(`field 53 (currency) must be "${PIX_CURRENCY}" (real)`);
  const amountText = top.get('54');
  return {
    key: required(account, '01', 'field 26'),
    amount: amountText === undefined ? null : parseAmount(amountText),
    merchantName: required(top, '59', ''),
    merchantCity: required(top, '60', ''),
    txid: required(additional, '05', 'field 62'),
    merchantCategoryCode: required(top, '52', ''),
    currency,
    countryCode: required(top, '58', ''),
    crc,
  };
}
