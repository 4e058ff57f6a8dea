import { type FieldViolation, ValidationError } from '@consorcio/shared/errors';
import { MEMBER_KINDS, type MemberKind } from './types';

/**
 * Members' documents and contact data: CPF (people) and CNPJ (companies) with their mod-11 check digits, the masked
 * form that is the only one ever shown back, and the validation of a new member's input. Pure.
 */

/** Punctuation people type in documents ("529.982.247-25", "11.222.333/0001-81"); anything else stays and fails. */
const DOC_PUNCTUATION = /[.\-/\s]/g;
const stripPunctuation = (raw: string): string => raw.replace(DOC_PUNCTUATION, '');

/** Removes the usual punctuation from a CPF; does not validate (letters, if any, remain and fail isValidCpf). */
export function normalizeCpf(raw: string): string {
  return stripPunctuation(raw);
}

/** Removes the usual punctuation from a CNPJ; does not validate. */
export function normalizeCnpj(raw: string): string {
  return stripPunctuation(raw);
}

/** The mod-11 check digit of `digits` under `weights` (same length): remainder < 2 → 0, else 11 − remainder. */
function mod11Digit(digits: string, weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += Number(digits[i]) * (weights[i] ?? 0);
  const r = sum % 11;
  return r < 2 ? 0 : 11 - r;
}

const CPF_W1 = [10, 9, 8, 7, 6, 5, 4, 3, 2];
const CPF_W2 = [11, 10, 9, 8, 7, 6, 5, 4, 3, 2];
const CNPJ_W1 = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
const CNPJ_W2 = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];

/** True for `length` digits, not all the same, whose last two digits are the mod-11 check digits. */
function checkDigitsHold(d: string, length: number, w1: readonly number[], w2: readonly number[]): boolean {
  if (d.length !== length || !/^\d+$/.test(d)) return false;
  // Repeated digits (111.111.111-11, 00.000.000/0000-00) pass the arithmetic but were never issued.
  if (/^(\d)\1*$/.test(d)) return false;
  return mod11Digit(d, w1) === Number(d[length - 2]) && mod11Digit(d, w2) === Number(d[length - 1]);
}

/** True when `raw` (punctuation allowed) is a CPF: 11 digits, not all equal, both check digits right. */
export function isValidCpf(raw: string): boolean {
  return checkDigitsHold(normalizeCpf(raw), 11, CPF_W1, CPF_W2);
}

/** True when `raw` (punctuation allowed) is a CNPJ: 14 digits, not all equal, both check digits right. */
export function isValidCnpj(raw: string): boolean {
  return checkDigitsHold(normalizeCnpj(raw), 14, CNPJ_W1, CNPJ_W2);
}

const DOCUMENT_RULE: Record<MemberKind, string> = {
  PERSON: 'must be a valid CPF (11 digits with valid check digits)',
  COMPANY: 'must be a valid CNPJ (14 digits with valid check digits)',
};

/** The document's violation, if any (kind assumed valid). */
function documentViolation(kind: MemberKind, raw: string): FieldViolation | null {
  const ok = typeof raw === 'string' && (kind === 'PERSON' ? isValidCpf(raw) : isValidCnpj(raw));
  return ok ? null : { field: 'document', rule: DOCUMENT_RULE[kind] };
}

/**
 * Validates a CPF (PERSON) or CNPJ (COMPANY) and returns its bare digits.
 * @throws ValidationError on `document` (or `kind` when the kind is unknown).
 */
export function validateDocument(kind: MemberKind, raw: string): string {
  if (!MEMBER_KINDS.includes(kind)) throw new ValidationError('kind', 'must be PERSON or COMPANY');
  const v = documentViolation(kind, raw);
  if (v) throw new ValidationError(v.field, v.rule);
  return stripPunctuation(raw);
}

/**
 * The only form of a document that leaves the service: CPF `"***.456.789-**"` (digits 4–9 shown),
 * CNPJ `"12.345.***` + `/****-**"` (digits 1–5 shown; split here only because the text would end this comment). Enough to recognise one's own document, not to use someone's.
 */
export function maskDocument(kind: MemberKind, digits: string): string {
  const d = stripPunctuation(digits);
  if (kind === 'PERSON') {
    if (!/^\d{11}$/.test(d)) throw new RangeError('a CPF to mask must have 11 digits');
    return `***.${d.slice(3, 6)}.${d.slice(6, 9)}-**`;
  }
  if (!/^\d{14}$/.test(d)) throw new RangeError('a CNPJ to mask must have 14 digits');
  return `${d.slice(0, 2)}.${d.slice(2, 5)}.***/****-**`;
}

/** A new member's data as typed. */
export interface MemberInput {
  readonly kind: MemberKind;
  readonly document: string;
  readonly name: string;
  readonly email: string;
  readonly phone: string;
}

/** A new member's data normalised: document and phone as bare digits, name and email trimmed ('' = not given). */
export type ValidMember = MemberInput;

// Plausible, not RFC 5322: something@label.label, no spaces, at most 254 characters (the SMTP path limit).
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const PHONE_PUNCTUATION = /[\s().\-+]/g;

/**
 * Validates a new member's data, collecting every violation (fields `kind`, `document`, `name`, `email`, `phone`):
 * name 2..200 characters; email a plausible address or empty; phone 10..13 digits (punctuation and "+" allowed)
 * or empty.
 * @throws ValidationError with all violations.
 */
export function validateMemberInput(input: MemberInput): ValidMember {
  const violations: FieldViolation[] = [];
  const kindOk = MEMBER_KINDS.includes(input.kind);
  if (!kindOk) violations.push({ field: 'kind', rule: 'must be PERSON or COMPANY' });
  else {
    const v = documentViolation(input.kind, input.document);
    if (v) violations.push(v);
  }
  const name = (input.name ?? '').trim();
  const nameLength = [...name].length; // code points, so "João" is 4 characters
  if (nameLength < 2 || nameLength > 200) violations.push({ field: 'name', rule: 'must be 2 to 200 characters' });
  const email = (input.email ?? '').trim();
  if (email !== '' && (email.length > 254 || !EMAIL.test(email)))
    violations.push({ field: 'email', rule: 'must be an email address like name@example.com, or empty' });
  const phone = (input.phone ?? '').replace(PHONE_PUNCTUATION, '');
  if (phone !== '' && !/^\d{10,13}$/.test(phone))
    violations.push({ field: 'phone', rule: 'must have 10 to 13 digits (area code included), or be empty' });
  ValidationError.throwIfAny(violations);
  return { kind: input.kind, document: stripPunctuation(input.document), name, email, phone };
}
