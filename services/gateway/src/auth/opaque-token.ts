import { createHash, randomBytes } from 'node:crypto';

/** A refresh token: 256 random bits as base64url (43 characters). */
export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

/** True when `value` has the shape of a token from {@link newOpaqueToken}; anything else is refused unhashed. */
export function isOpaqueToken(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value);
}

/**
 * The SHA-256 digest stored in place of a token. A fast hash is enough here (unlike passwords):
 * the token has 256 bits of entropy, so there is nothing to brute-force from a stolen digest.
 */
export function hashOpaqueToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
