import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { KeyRing } from './key-ring';

/**
 * AES-256-GCM for one field value at a time. The stored text is `v1:<keyId>:<iv b64>:<ciphertext+tag b64>`: the key
 * id travels with each value (any ring key decrypts, the active one encrypts), the 96-bit IV is random per value, and
 * the associated data binds the value to its place (`groups.members.name:<member id>`), so a ciphertext copied to
 * another row or column does not decrypt.
 */

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Thrown when a stored value cannot be decrypted: unknown key, malformed, tampered or moved. Never carries the value. */
export class DecryptionError extends Error {
  constructor(reason: string) {
    super(`personal data could not be decrypted: ${reason}`);
    this.name = 'DecryptionError';
  }
}

interface Parsed {
  keyId: string;
  iv: Buffer;
  body: Buffer;
}

function parse(stored: string): Parsed {
  const parts = stored.split(':');
  if (parts.length !== 4 || parts[0] !== VERSION) throw new DecryptionError('not a v1 value');
  const [, keyId = '', iv = '', body = ''] = parts;
  const ivBytes = Buffer.from(iv, 'base64');
  const bodyBytes = Buffer.from(body, 'base64');
  if (ivBytes.length !== IV_BYTES || bodyBytes.length < TAG_BYTES) throw new DecryptionError('malformed value');
  return { keyId, iv: ivBytes, body: bodyBytes };
}

export class FieldCipher {
  constructor(private readonly ring: KeyRing) {}

  /** The id of the key new values are encrypted with. */
  get activeKeyId(): string {
    return this.ring.activeKeyId;
  }

  /** Encrypts `plaintext` under the active key, bound to `aad` (where the value lives). */
  encrypt(plaintext: string, aad: string): string {
    const key = this.ring.keys.get(this.ring.activeKeyId)!;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    return `${VERSION}:${this.ring.activeKeyId}:${iv.toString('base64')}:${body.toString('base64')}`;
  }

  /**
   * Decrypts a stored value bound to `aad`.
   * @throws DecryptionError when the key is not in the ring or the value, its tag or its place do not match.
   */
  decrypt(stored: string, aad: string): string {
    const { keyId, iv, body } = parse(stored);
    const key = this.ring.keys.get(keyId);
    if (!key) throw new DecryptionError(`key ${keyId} is not in the key ring`);
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      throw new DecryptionError('authentication failed (tampered, or bound to another place)');
    }
  }

  /** The key id a stored value names (without decrypting it). */
  keyIdOf(stored: string): string {
    return parse(stored).keyId;
  }

  /** The value re-encrypted under the active key (unchanged text when it already is). */
  reencrypt(stored: string, aad: string): string {
    return this.keyIdOf(stored) === this.activeKeyId ? stored : this.encrypt(this.decrypt(stored, aad), aad);
  }
}
