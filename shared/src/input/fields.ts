import { isValidDate } from '../clock';
import { IDEMPOTENCY_KEY_RULE, isIdempotencyKey } from '../db';
import { ValidationError } from '../errors';
import { isUuid } from '../ids';

/** A required UUID. */
export function requireId(field: string, value: string): void {
  if (!value) throw new ValidationError(field, 'is required');
  if (!isUuid(value)) throw new ValidationError(field, 'must be a UUID');
}

/** A required calendar date `YYYY-MM-DD`. */
export function requireDate(field: string, value: string): void {
  if (!value) throw new ValidationError(field, 'is required');
  if (!isValidDate(value)) throw new ValidationError(field, 'must be a date YYYY-MM-DD');
}

/** An optional date: empty means `fallback` (usually today). */
export function optionalDate(field: string, value: string | undefined, fallback: string): string {
  if (value === undefined || value === '') return fallback;
  requireDate(field, value);
  return value;
}

/** Idempotency keys: optional, 8..128 printable characters. */
export function optionalIdempotencyKey(field: string, value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!isIdempotencyKey(value)) throw new ValidationError(field, IDEMPOTENCY_KEY_RULE);
  return value;
}

/** A required idempotency key (a payment's bank reconciliation id). */
export function requireIdempotencyKey(field: string, value: string | undefined): string {
  const key = optionalIdempotencyKey(field, value);
  if (key === undefined) throw new ValidationError(field, `is required (${IDEMPOTENCY_KEY_RULE})`);
  return key;
}
