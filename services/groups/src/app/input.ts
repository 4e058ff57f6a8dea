import { IDEMPOTENCY_KEY_RULE, isIdempotencyKey } from '@consorcio/shared/db';
import { ValidationError } from '@consorcio/shared/errors';
import { isUuid } from '@consorcio/shared/ids';
import { isValidDate } from '@consorcio/shared/clock';

/** Request checks shared by the use cases; each names the proto field it checks. */
export function requireId(field: string, value: string): void {
  if (!value) throw new ValidationError(field, 'is required');
  if (!isUuid(value)) throw new ValidationError(field, 'must be a UUID');
}

export function requireDate(field: string, value: string): void {
  if (!value) throw new ValidationError(field, 'is required');
  if (!isValidDate(value)) throw new ValidationError(field, 'must be a date YYYY-MM-DD');
}

/** Idempotency keys: optional, 8..128 printable characters. */
export function optionalIdempotencyKey(field: string, value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!isIdempotencyKey(value)) throw new ValidationError(field, IDEMPOTENCY_KEY_RULE);
  return value;
}
