import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  BlindIndex,
  DecryptionError,
  FieldCipher,
  KeyConfigError,
  generatePersonalDataEnv,
  parseKeyRing,
  personalDataKeysFromConfig,
} from '../../../src/crypto';

const ring = (ids: string[], active: string) => {
  const env = generatePersonalDataEnv(ids);
  return parseKeyRing(env.PII_KEYS, active);
};

describe('FieldCipher', () => {
  const cipher = new FieldCipher(ring(['k1'], 'k1'));
  const AAD = 'groups.members.name:0192-a';

  it('round-trips any text bound to its place (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string(), (text, aad) => {
        assert.equal(cipher.decrypt(cipher.encrypt(text, aad), aad), text);
      }),
    );
  });

  it('stores the version, the key id, a 96-bit IV and ciphertext with its tag; never the text', () => {
    const stored = cipher.encrypt('Maria da Silva', AAD);
    const [version, keyId, iv, body] = stored.split(':');
    assert.equal(version, 'v1');
    assert.equal(keyId, 'k1');
    assert.equal(Buffer.from(iv!, 'base64').length, 12);
    assert.equal(Buffer.from(body!, 'base64').length, 'Maria da Silva'.length + 16);
    assert.ok(!stored.includes('Maria'));
    assert.notEqual(cipher.encrypt('Maria da Silva', AAD), stored, 'a fresh IV every time');
  });

  it('refuses a tampered value (any byte of the ciphertext or the tag flipped)', () => {
    const stored = cipher.encrypt('52998224725', AAD);
    const [v, k, iv, body] = stored.split(':') as [string, string, string, string];
    const bytes = Buffer.from(body, 'base64');
    for (let i = 0; i < bytes.length; i++) {
      const copy = Buffer.from(bytes);
      copy[i] = copy[i]! ^ 0x01;
      assert.throws(() => cipher.decrypt(`${v}:${k}:${iv}:${copy.toString('base64')}`, AAD), DecryptionError);
    }
  });

  it('refuses a value moved to another row or column (wrong AAD)', () => {
    const stored = cipher.encrypt('Maria da Silva', AAD);
    assert.throws(() => cipher.decrypt(stored, 'groups.members.name:0192-b'), /bound to another place/);
    assert.throws(() => cipher.decrypt(stored, 'groups.members.email:0192-a'), DecryptionError);
  });

  it('refuses malformed values and keys it does not hold, without echoing the value', () => {
    assert.throws(
      () => cipher.decrypt('Maria da Silva', AAD),
      (e: Error) => !e.message.includes('Maria'),
    );
    assert.throws(() => cipher.decrypt('v1:k1:AAAA:AAAA', AAD), /malformed/);
    const other = new FieldCipher(ring(['k9'], 'k9'));
    assert.throws(() => cipher.decrypt(other.encrypt('x', AAD), AAD), /key k9 is not in the key ring/);
  });

  it('after a rotation decrypts old values with the old key and re-encrypts them under the active one', () => {
    const env = generatePersonalDataEnv(['k1', 'k2']);
    const before = new FieldCipher(parseKeyRing(env.PII_KEYS, 'k1'));
    const after = new FieldCipher(parseKeyRing(env.PII_KEYS, 'k2'));
    const old = before.encrypt('maria@example.com', AAD);
    assert.equal(after.decrypt(old, AAD), 'maria@example.com');
    const moved = after.reencrypt(old, AAD);
    assert.equal(after.keyIdOf(moved), 'k2');
    assert.equal(after.decrypt(moved, AAD), 'maria@example.com');
    assert.equal(after.reencrypt(moved, AAD), moved, 'a value already under the active key is left as is');
  });
});

describe('parseKeyRing', () => {
  const key = Buffer.alloc(32, 7).toString('base64');

  it('reads several keys and the active one', () => {
    const r = parseKeyRing(`k1:${key}, k2:${key}`, 'k2');
    assert.equal(r.activeKeyId, 'k2');
    assert.deepEqual([...r.keys.keys()], ['k1', 'k2']);
  });

  it('names the variable and the rule for each bad configuration, never the key', () => {
    const cases: [string | undefined, string | undefined, RegExp][] = [
      [undefined, 'k1', /^PII_KEYS is required/],
      [`k1:${key}`, undefined, /^PII_ACTIVE_KEY_ID is required/],
      [`k1:${key}`, 'k2', /^PII_ACTIVE_KEY_ID names key k2, which PII_KEYS does not hold/],
      [key, 'k1', /^PII_KEYS entries must be id:<base64>/],
      ['k1:c2hvcnQ=', 'k1', /^PII_KEYS must hold key k1 of 32 bytes in base64/],
      ['k1:not base64!!', 'k1', /^PII_KEYS must hold key k1 of 32 bytes/],
      [`k1:${key},k1:${key}`, 'k1', /^PII_KEYS names key id k1 twice/],
    ];
    for (const [keys, active, message] of cases) {
      assert.throws(
        () => parseKeyRing(keys, active),
        (e: Error) => e instanceof KeyConfigError && message.test(e.message) && !e.message.includes(key),
      );
    }
  });

  it('refuses a blind-index key that is not 32 bytes, naming PII_INDEX_KEY', () => {
    const env = { ...generatePersonalDataEnv(), PII_INDEX_KEY: 'c2hvcnQ=' };
    assert.throws(() => personalDataKeysFromConfig(env), /PII_INDEX_KEY must hold a key of 32 bytes/);
  });
});

describe('BlindIndex', () => {
  const a = new BlindIndex(Buffer.alloc(32, 1));
  const b = new BlindIndex(Buffer.alloc(32, 2));

  it('is the same for a document with or without punctuation, and differs by key and by kind', () => {
    assert.equal(a.ofDocument('529.982.247-25'), a.ofDocument('52998224725'));
    assert.match(a.ofDocument('52998224725'), /^[0-9a-f]{64}$/);
    assert.notEqual(a.ofDocument('52998224725'), b.ofDocument('52998224725'));
    assert.notEqual(a.of('document', '52998224725'), a.of('phone', '52998224725'));
  });

  it('gives different indexes to different documents (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{11}$/), fc.stringMatching(/^\d{11}$/), (x, y) => {
        fc.pre(x !== y);
        assert.notEqual(a.ofDocument(x), a.ofDocument(y));
      }),
    );
  });
});
