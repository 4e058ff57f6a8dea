import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header carrying a webhook's signature: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. */
export const SIGNATURE_HEADER = 'X-Consorcio-Signature';
/** The header naming the delivery (the notification's id): the same on every retry, so receivers can dedupe. */
export const DELIVERY_ID_HEADER = 'X-Consorcio-Delivery-Id';
/** How old a signature may be by default when verified, seconds (replay window). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

function hmacHex(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

/** Signs a webhook body at `timestamp` (unix seconds): the value of the X-Consorcio-Signature header. */
export function signWebhook(secret: string, body: string, timestamp: number): string {
  return `t=${timestamp},v1=${hmacHex(secret, timestamp, body)}`;
}

export type SignatureCheck = { valid: true; timestamp: number } | { valid: false; reason: string };

/**
 * Verifies an X-Consorcio-Signature header against the raw body as received (Stripe's scheme): the timestamp must
 * be within `toleranceSeconds` of `nowSeconds`, and one of the `v1` values must equal HMAC-SHA256(secret,
 * "<t>.<body>") — several `v1` values are accepted, for secret rotation. Compared in constant time.
 */
export function verifyWebhookSignature(
  secret: string,
  body: string,
  header: string,
  /** The receiver's own clock, unix seconds (the signer signs with real time too). */
  nowSeconds: number,
  toleranceSeconds: number = DEFAULT_TOLERANCE_SECONDS,
): SignatureCheck {
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't' && value !== undefined && /^\d+$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && value !== undefined) signatures.push(value);
  }
  if (timestamp === undefined) return { valid: false, reason: 'no timestamp (t=) in the signature header' };
  if (signatures.length === 0) return { valid: false, reason: 'no v1 signature in the signature header' };
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) {
    return { valid: false, reason: `timestamp outside the ${toleranceSeconds} s tolerance` };
  }
  const expected = Buffer.from(hmacHex(secret, timestamp, body), 'hex');
  const match = signatures.some((s) => {
    const given = Buffer.from(s, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return match ? { valid: true, timestamp } : { valid: false, reason: 'signature does not match' };
}
