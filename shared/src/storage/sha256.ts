import { createHash } from 'node:crypto';
import { ValidationError } from '../errors';

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** The SHA-256 of `bytes`, lower-case hex: the key of an object. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** True for a SHA-256 written as 64 lower-case hex digits. */
export function isSha256Hex(value: string): boolean {
  return SHA256_HEX.test(value);
}

/** Refuses anything but a lower-case hex SHA-256 (keys also become paths: nothing else may reach the store). */
export function requireSha256(field: string, value: string): void {
  if (!isSha256Hex(value)) throw new ValidationError(field, 'must be a SHA-256 in lower-case hex (64 digits)');
}
