import { randomBytes } from 'node:crypto';
import { str, type ConfigOf } from '../config';
import { BlindIndex } from './blind-index';
import { FieldCipher } from './field-cipher';
import { decodeKey32, parseKeyRing } from './key-ring';

/**
 * The variables a service holding personal data reads. Spread into its shape:
 * `loadConfig({ ...baseServiceConfig, ...personalDataConfig })`. All three are required: a service must not store
 * personal data under a key nobody configured.
 */
export const personalDataConfig = {
  /** The AES-256 key ring: `k1:<base64 of 32 bytes>,k2:<…>`; every key decrypts. */
  PII_KEYS: str(),
  /** The id of the ring key that encrypts new values (and that the re-encryption job moves every value to). */
  PII_ACTIVE_KEY_ID: str(),
  /** The HMAC-SHA256 key of the blind indexes (base64 of 32 bytes), separate from the encryption keys. */
  PII_INDEX_KEY: str(),
};

export type PersonalDataConfig = ConfigOf<typeof personalDataConfig>;

/** What a service needs to store personal data: the field cipher and the blind index. */
export interface PersonalDataKeys {
  cipher: FieldCipher;
  index: BlindIndex;
}

/**
 * The cipher and blind index from configuration.
 * @throws KeyConfigError naming the variable when a key is missing or malformed.
 */
export function personalDataKeysFromConfig(cfg: PersonalDataConfig): PersonalDataKeys {
  return {
    cipher: new FieldCipher(parseKeyRing(cfg.PII_KEYS, cfg.PII_ACTIVE_KEY_ID)),
    index: new BlindIndex(decodeKey32(cfg.PII_INDEX_KEY, 'PII_INDEX_KEY', 'a key')),
  };
}

/** Fresh random keys as environment text (tests, local development), `keyIds` in the ring, the first active. */
export function generatePersonalDataEnv(keyIds: readonly string[] = ['k1']): PersonalDataConfig {
  const key = () => randomBytes(32).toString('base64');
  return {
    PII_KEYS: keyIds.map((id) => `${id}:${key()}`).join(','),
    PII_ACTIVE_KEY_ID: keyIds[0] ?? 'k1',
    PII_INDEX_KEY: key(),
  };
}

/** Fresh random keys for a test harness that starts a service holding personal data. */
export function testPersonalDataKeys(): PersonalDataKeys {
  return personalDataKeysFromConfig(generatePersonalDataEnv());
}
