import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';

/**
 * Ed25519 key handling for access tokens. Keys are node KeyObjects (jose accepts them), loaded
 * synchronously at start-up so a bad key stops the process before it serves anything.
 */

/** Accepts PEM text, PEM with literal `\n` escapes (as env files often hold it), or base64 of PEM/DER. */
function toPemOrDer(input: string): string | Buffer {
  const text = input.trim().replace(/\\n/g, '\n');
  if (text.startsWith('-----BEGIN ')) return text;
  const bytes = Buffer.from(text, 'base64');
  const decoded = bytes.toString('utf8');
  return decoded.trimStart().startsWith('-----BEGIN ') ? decoded : bytes;
}

// The key text never goes into the message: it may be a secret, and messages end up in logs.
function parse(what: string, fn: () => KeyObject): KeyObject {
  try {
    return fn();
  } catch (err) {
    throw new Error(`${what} is not a readable key (PEM or base64)`, { cause: err });
  }
}

function requireEd25519(key: KeyObject, what: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new Error(`${what} must be an Ed25519 key, got ${key.asymmetricKeyType ?? key.type}`);
  }
  return key;
}

/** The private key that signs access tokens, from an Ed25519 PKCS#8 PEM (or its base64 form). */
export function loadSigningKey(pemOrBase64: string): KeyObject {
  const source = toPemOrDer(pemOrBase64);
  const key = parse('the signing key', () =>
    typeof source === 'string'
      ? createPrivateKey(source)
      : createPrivateKey({ key: source, format: 'der', type: 'pkcs8' }),
  );
  return requireEd25519(key, 'the signing key');
}

/**
 * The public keys that may have signed a token, from Ed25519 SPKI PEMs (or their base64 form).
 * More than one during a key rotation: the new key signs, the old one still verifies until the
 * last token it signed has expired.
 */
export function loadVerificationKeys(pems: readonly string[]): KeyObject[] {
  if (pems.length === 0) throw new Error('at least one verification key is required');
  return pems.map((pem) => {
    const source = toPemOrDer(pem);
    const key = parse('a verification key', () =>
      typeof source === 'string'
        ? createPublicKey(source)
        : createPublicKey({ key: source, format: 'der', type: 'spki' }),
    );
    return requireEd25519(key, 'a verification key');
  });
}

/** A fresh Ed25519 key pair as PEM text, for development and tests (production keys come from configuration). */
export function generateKeyPairPem(): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
}

/** The public half of a private key (a public key is returned as is). */
export function publicKeyOf(key: KeyObject): KeyObject {
  return key.type === 'private' ? createPublicKey(key) : key;
}

const keyIds = new WeakMap<KeyObject, string>();

/**
 * The key id (`kid`) of a key: its RFC 7638 JWK thumbprint (SHA-256, base64url) of the public half,
 * so signer and verifiers agree on it without configuring anything.
 */
export function keyIdOf(key: KeyObject): string {
  let kid = keyIds.get(key);
  if (kid === undefined) {
    const jwk = publicKeyOf(key).export({ format: 'jwk' });
    // RFC 7638: the required members only, in lexicographic order, no whitespace.
    const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x });
    kid = createHash('sha256').update(canonical).digest('base64url');
    keyIds.set(key, kid);
  }
  return kid;
}

/** Splits a list of PEM blocks (or comma-separated base64) into single keys. */
export function splitKeyList(value: string | undefined): string[] {
  if (value === undefined) return [];
  const pems = value.replace(/\\n/g, '\n').match(/-----BEGIN [^-]+-----[\s\S]*?-----END [^-]+-----/g);
  if (pems) return pems;
  return value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
