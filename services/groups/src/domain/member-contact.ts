import { type FieldViolation, ValidationError } from '@consorcio/shared/errors';
import { isValidCnpj, isValidCpf } from './documents';

/**
 * A member's postal address and refund account: optional at registration, validated field by field, normalised
 * (trimmed; CEP, bank code, branch and account without spaces). Pure. Both are personal data: they are stored
 * encrypted and never appear in events or logs.
 */

export interface MemberAddress {
  readonly street: string;
  readonly number: string;
  readonly complement: string;
  readonly district: string;
  readonly city: string;
  readonly state: string;
  readonly postalCode: string;
}

export interface RefundAccount {
  readonly bankCode: string;
  readonly branch: string;
  readonly account: string;
  readonly pixKey: string;
}

/** The 27 federative units (UF). */
export const BRAZILIAN_STATES: readonly string[] = [
  'AC', 'AL', 'AP', 'AM', 'BA', 'CE', 'DF', 'ES', 'GO', 'MA', 'MT', 'MS', 'MG', 'PA', 'PB',
  'PR', 'PE', 'PI', 'RJ', 'RN', 'RS', 'RO', 'RR', 'SC', 'SP', 'SE', 'TO',
]; // prettier-ignore

const length = (s: string): number => [...s].length;

function text(violations: FieldViolation[], field: string, raw: string | undefined, min: number, max: number): string {
  const v = (raw ?? '').trim();
  if (length(v) < min || length(v) > max)
    violations.push({
      field,
      rule: min > 0 ? `must be ${min} to ${max} characters` : `must be at most ${max} characters`,
    });
  return v;
}

/**
 * Validates an address (`prefix` names the request field, e.g. `address`): street 1..200, number 1..20, complement and
 * district up to 100, city 1..100, state a UF ("SP"), postal_code a CEP of 8 digits ("01310-100" allowed).
 */
export function addressViolations(
  a: MemberAddress,
  prefix = 'address',
): { value: MemberAddress; violations: FieldViolation[] } {
  const violations: FieldViolation[] = [];
  const street = text(violations, `${prefix}.street`, a.street, 1, 200);
  const number = text(violations, `${prefix}.number`, a.number, 1, 20);
  const complement = text(violations, `${prefix}.complement`, a.complement, 0, 100);
  const district = text(violations, `${prefix}.district`, a.district, 0, 100);
  const city = text(violations, `${prefix}.city`, a.city, 1, 100);
  const state = (a.state ?? '').trim().toUpperCase();
  if (!BRAZILIAN_STATES.includes(state))
    violations.push({ field: `${prefix}.state`, rule: 'must be a state code (UF) like SP' });
  const postalCode = (a.postalCode ?? '').replace(/[\s.-]/g, '');
  if (!/^\d{8}$/.test(postalCode))
    violations.push({ field: `${prefix}.postal_code`, rule: 'must be a CEP of 8 digits' });
  return { value: { street, number, complement, district, city, state, postalCode }, violations };
}

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const EVP = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a PIX key of one of the five kinds: CPF, CNPJ, e-mail, phone (+55…) or random key (EVP, a UUID). */
export function isValidPixKey(key: string): boolean {
  if (/^\d{11}$/.test(key)) return isValidCpf(key);
  if (/^\d{14}$/.test(key)) return isValidCnpj(key);
  if (/^\+55\d{10,11}$/.test(key)) return true;
  if (EVP.test(key)) return true;
  return key.length <= 77 && EMAIL.test(key);
}

/**
 * Validates a refund account (`prefix` names the request field): bank_code 3 digits, branch 1..5 digits and account
 * 1..13 digits (each optionally "-" and a check digit) — all three or none — and/or a valid pix_key; at least one way
 * to pay.
 */
export function refundAccountViolations(
  b: RefundAccount,
  prefix = 'bank_account',
): { value: RefundAccount; violations: FieldViolation[] } {
  const violations: FieldViolation[] = [];
  const bankCode = (b.bankCode ?? '').trim();
  const branch = (b.branch ?? '').replace(/\s/g, '');
  const account = (b.account ?? '').replace(/\s/g, '').toUpperCase();
  const pixKey = (b.pixKey ?? '').trim();
  const anyAccountField = bankCode !== '' || branch !== '' || account !== '';
  if (anyAccountField) {
    if (!/^\d{3}$/.test(bankCode))
      violations.push({ field: `${prefix}.bank_code`, rule: 'must be 3 digits (COMPE code)' });
    if (!/^\d{1,5}(-[\dX])?$/.test(branch))
      violations.push({ field: `${prefix}.branch`, rule: 'must be 1 to 5 digits, optionally -check digit' });
    if (!/^\d{1,13}(-[\dX])?$/.test(account))
      violations.push({ field: `${prefix}.account`, rule: 'must be 1 to 13 digits, optionally -check digit' });
  }
  if (pixKey !== '' && !isValidPixKey(pixKey))
    violations.push({
      field: `${prefix}.pix_key`,
      rule: 'must be a CPF, CNPJ, e-mail, +55 phone or random (UUID) key',
    });
  if (!anyAccountField && pixKey === '')
    violations.push({ field: prefix, rule: 'must give bank_code, branch and account, or a pix_key' });
  return { value: { bankCode, branch, account, pixKey }, violations };
}

/** Validates the optional address and refund account together, reporting every violation at once. */
export function validateMemberContact(input: {
  address?: MemberAddress | undefined;
  bankAccount?: RefundAccount | undefined;
}): { address: MemberAddress | null; bankAccount: RefundAccount | null } {
  const a = input.address ? addressViolations(input.address) : null;
  const b = input.bankAccount ? refundAccountViolations(input.bankAccount) : null;
  ValidationError.throwIfAny([...(a?.violations ?? []), ...(b?.violations ?? [])]);
  return { address: a?.value ?? null, bankAccount: b?.value ?? null };
}

/** All but the last `keep` characters as `*` (short values are hidden whole). */
function maskTail(value: string, keep: number): string {
  if (value.length <= keep * 2) return '*'.repeat(value.length);
  return '*'.repeat(value.length - keep) + value.slice(-keep);
}

/**
 * A refund account as ordinary answers show it: bank and branch as they are, the account and the PIX key reduced to
 * their last characters — enough for the member to recognise it, too little to pay into it. The LGPD export alone
 * carries it whole.
 */
export function maskRefundAccount(a: RefundAccount): RefundAccount {
  return { ...a, account: maskTail(a.account, 2), pixKey: maskTail(a.pixKey, 3) };
}
