/**
 * The keys that protect personal data: a ring of AES-256 keys by id (the active one encrypts, every one decrypts,
 * so a rotation can re-encrypt at its own pace) and one HMAC key for blind indexes. Parsed from configuration text;
 * a missing or malformed key is an error naming the variable — never the key material, which must not reach logs.
 */

/** Key ids are short and safe inside the stored format `v1:<keyId>:…` (no colon). */
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const STRICT_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Thrown when a configured key is missing or unusable; `variable` names the setting to fix. */
export class KeyConfigError extends Error {
  constructor(
    readonly variable: string,
    rule: string,
  ) {
    super(`${variable} ${rule}`);
    this.name = 'KeyConfigError';
  }
}

/** A ring of 32-byte keys by id, and the id of the one that encrypts new values. */
export interface KeyRing {
  readonly activeKeyId: string;
  readonly keys: ReadonlyMap<string, Buffer>;
}

/** Decodes base64 (or base64url) text of exactly 32 bytes; anything else is refused naming `variable`. */
export function decodeKey32(text: string, variable: string, what = 'a key'): Buffer {
  const b64 = text.trim().replace(/-/g, '+').replace(/_/g, '/');
  const bytes = STRICT_BASE64.test(b64) ? Buffer.from(b64, 'base64') : Buffer.alloc(0);
  if (bytes.length !== 32) throw new KeyConfigError(variable, `must hold ${what} of 32 bytes in base64`);
  return bytes;
}

/**
 * Parses `id:<base64 32 bytes>,id2:<…>` (commas or whitespace between entries) into a ring whose active key is
 * `activeKeyId`.
 * @throws KeyConfigError naming PII_KEYS or PII_ACTIVE_KEY_ID (or the names given).
 */
export function parseKeyRing(
  keysText: string | undefined,
  activeKeyId: string | undefined,
  names = { keys: 'PII_KEYS', active: 'PII_ACTIVE_KEY_ID' },
): KeyRing {
  const entries = (keysText ?? '').split(/[\s,]+/).filter((e) => e !== '');
  if (entries.length === 0)
    throw new KeyConfigError(names.keys, 'is required (id:<base64 of 32 bytes>, comma-separated)');
  const keys = new Map<string, Buffer>();
  for (const entry of entries) {
    const colon = entry.indexOf(':');
    const id = colon > 0 ? entry.slice(0, colon) : '';
    if (!KEY_ID.test(id))
      throw new KeyConfigError(names.keys, 'entries must be id:<base64>, ids 1..32 letters, digits, "-" or "_"');
    if (keys.has(id)) throw new KeyConfigError(names.keys, `names key id ${id} twice`);
    keys.set(id, decodeKey32(entry.slice(colon + 1), names.keys, `key ${id}`));
  }
  const active = (activeKeyId ?? '').trim();
  if (active === '') throw new KeyConfigError(names.active, 'is required (the id of the key that encrypts)');
  if (!keys.has(active))
    throw new KeyConfigError(names.active, `names key ${active}, which ${names.keys} does not hold`);
  return { activeKeyId: active, keys };
}
