import { createHmac, timingSafeEqual } from 'node:crypto';
import { ValidationError } from '@consorcio/shared/errors';

/**
 * Signatures of the payment provider's webhooks. The provider computes HMAC-SHA256, keyed with a secret both sides
 * share, over `<timestamp> + "." + <raw body>` (the body's bytes exactly as sent, never a re-serialised JSON) and sends
 * `X-Signature: t=<unix seconds>,v1=<hex>`. While a secret is being rotated the header may carry several `v1` values,
 * and the receiver may hold several secrets: one match of any value under any secret is enough.
 *
 * The receiver compares in constant time, and refuses a timestamp more than the tolerance (5 minutes by default) away
 * from its clock in either direction, so a captured call cannot be replayed later. Deduplicating by the provider's
 * transaction id is the caller's job. Pure: the clock comes in as `nowSeconds`; hashing is not I/O.
 */

/** The header's name, lower-case as Node delivers it. */
export const WEBHOOK_SIGNATURE_HEADER = 'x-signature';
/** How far (in seconds) the signed timestamp may be from the receiver's clock: 5 minutes. */
export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 300;

/** A shared secret: text (as UTF-8) or raw bytes. */
export type WebhookSecret = string | Uint8Array;

/** Why a webhook was refused: no header; a header that cannot be read; a timestamp too old or too far ahead; no match. */
export type WebhookRejection = 'missing' | 'malformed' | 'stale' | 'mismatch';

export type WebhookVerification = { readonly ok: true } | { readonly ok: false; readonly reason: WebhookRejection };

const SIGNATURE_HEX = /^[0-9a-fA-F]{64}$/;
const TIMESTAMP = /^\d{1,15}$/; // fifteen digits stay below Number.MAX_SAFE_INTEGER

function requireSecret(secret: WebhookSecret): void {
  if (!(typeof secret === 'string' || secret instanceof Uint8Array) || secret.length === 0)
    throw new ValidationError('secret', 'must be a non-empty string or byte array');
}

/** HMAC-SHA256 of `timestamp + "." + rawBody` under `secret`, as 32 bytes. */
function mac(secret: WebhookSecret, timestamp: string, rawBody: string | Uint8Array): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`, 'utf8').update(rawBody).digest();
}

/**
 * The `X-Signature` value for `rawBody` signed at `timestampSeconds`: `t=<seconds>,v1=<64 lower-case hex digits>`.
 * What the provider sends; here for tests and for replaying a provider in development.
 * @throws ValidationError on `secret` (empty) or `timestampSeconds` (not a non-negative safe integer).
 */
export function signWebhook(secret: WebhookSecret, rawBody: string | Uint8Array, timestampSeconds: number): string {
  requireSecret(secret);
  if (!Number.isSafeInteger(timestampSeconds) || timestampSeconds < 0)
    throw new ValidationError('timestampSeconds', 'must be a whole number of seconds ≥ 0');
  const t = String(timestampSeconds);
  return `t=${t},v1=${mac(secret, t, rawBody).toString('hex')}`;
}

/** `t` and the `v1` values of a header, or null when it cannot be read. Other schemes (v0, …) are ignored. */
function parseHeader(header: string): { t: string; v1: Buffer[] } | null {
  let t: string | undefined;
  const v1: Buffer[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) return null;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (name === 't') {
      if (t !== undefined || !TIMESTAMP.test(value)) return null;
      t = value;
    } else if (name === 'v1') {
      if (!SIGNATURE_HEX.test(value)) return null;
      v1.push(Buffer.from(value, 'hex'));
    }
  }
  return t === undefined || v1.length === 0 ? null : { t, v1 };
}

/**
 * Checks a webhook's `X-Signature` header against its raw body. The signature is checked before the time, so
 * `stale` means "signed by the provider, but too old or too far ahead" (a replay or a skewed clock) and `mismatch`
 * means "not signed with any of our secrets" (a forgery, an altered body or timestamp, a wrong secret).
 *
 * @param secret the shared secret, or several while rotating (any may match).
 * @param header the header's value, `t=<unix seconds>,v1=<hex>[,v1=<hex>…]`; absent or blank → `missing`.
 * @param rawBody the body's bytes as received (a string is taken as UTF-8).
 * @param nowSeconds the receiver's clock, in unix seconds.
 * @param toleranceSeconds how far the timestamp may be from `nowSeconds`, either way; 300 by default.
 * @throws ValidationError on `secret` (none, or an empty one), `nowSeconds` (not finite) or `toleranceSeconds`
 * (negative or not finite): those are the caller's mistakes, not the sender's.
 */
export function verifyWebhook(
  secret: WebhookSecret | readonly WebhookSecret[],
  header: string | null | undefined,
  rawBody: string | Uint8Array,
  nowSeconds: number,
  toleranceSeconds: number = DEFAULT_WEBHOOK_TOLERANCE_SECONDS,
): WebhookVerification {
  const secrets: readonly WebhookSecret[] = Array.isArray(secret) ? secret : [secret as WebhookSecret];
  if (secrets.length === 0) throw new ValidationError('secret', 'must name at least one secret');
  secrets.forEach(requireSecret);
  if (!Number.isFinite(nowSeconds)) throw new ValidationError('nowSeconds', 'must be a finite number of seconds');
  if (!Number.isFinite(toleranceSeconds) || toleranceSeconds < 0)
    throw new ValidationError('toleranceSeconds', 'must be a finite number of seconds ≥ 0');

  if (header == null || header.trim() === '') return { ok: false, reason: 'missing' };
  const parsed = parseHeader(header);
  if (!parsed) return { ok: false, reason: 'malformed' };

  // Every secret against every value, without stopping at the first match, so the time taken does not tell which.
  let matched = false;
  for (const s of secrets) {
    const expected = mac(s, parsed.t, rawBody);
    for (const given of parsed.v1) matched = timingSafeEqual(expected, given) || matched;
  }
  if (!matched) return { ok: false, reason: 'mismatch' };
  if (Math.abs(nowSeconds - Number(parsed.t)) > toleranceSeconds) return { ok: false, reason: 'stale' };
  return { ok: true };
}
