import assert from 'node:assert/strict';
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  verify,
  type KeyObject,
} from 'node:crypto';
import {
  keyId,
  openCheckpoint,
  openNote,
  signCheckpoint,
  signNote,
  verifierKey,
  type TreeHead,
} from '../../src/domain/checkpoint';

const ORIGIN = 'consorcio.example/audit';
const ROOT = createHash('sha256').update('some root').digest();
const HEAD: TreeHead = { origin: ORIGIN, size: 1234567, rootHash: ROOT, timestamp: new Date('2025-11-26T12:00:00Z') };
const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519');

/** An Ed25519 private key from its 32-byte seed (PKCS #8 DER: a fixed prefix, then the seed). */
const fromSeed = (seed: Buffer) =>
  createPrivateKey({
    key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]),
    format: 'der',
    type: 'pkcs8',
  });

/** The signature line's base64 blob, decoded. */
const blobOf = (note: string) => Buffer.from(/\n\u2014 \S+ (\S+)\n$/u.exec(note)![1]!, 'base64');
const rejects = (note: string, message: RegExp, key: KeyObject = publicKey, name = ORIGIN) =>
  assert.throws(
    () => openCheckpoint(note, name, key),
    (e: Error) => e.name === 'ValidationError' && message.test(e.message),
  );

// golang.org/x/mod/sumdb/note's documented example (its ExampleSign/ExampleOpen): an independent implementation.
const GO_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const GO_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const GO_NOTE = `${GO_TEXT}\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;

describe('checkpoints (C2SP tlog-checkpoint, signed-note Ed25519)', () => {
  it('round-trips a tree head', () => {
    const opened = openCheckpoint(signCheckpoint(HEAD, ORIGIN, privateKey), ORIGIN, publicKey);
    assert.deepEqual(opened, HEAD);
  });

  it('lays the text out exactly: origin, size, base64 root, Timestamp, blank line, em-dash signature line', () => {
    const note = signCheckpoint(HEAD, ORIGIN, privateKey);
    const body = `${ORIGIN}\n1234567\n${ROOT.toString('base64')}\nTimestamp: 1764158400\n`;
    const blob = blobOf(note);
    assert.equal(note, `${body}\n\u2014 ${ORIGIN} ${blob.toString('base64')}\n`);
    assert.equal(blob.length, 4 + 64);
    assert.deepEqual(blob.subarray(0, 4), keyId(ORIGIN, publicKey));
    assert.ok(verify(null, Buffer.from(body), publicKey, blob.subarray(4)), 'Ed25519 over the body bytes');
  });

  it('keeps whole seconds, and writes the empty tree with size 0', () => {
    const head = { ...HEAD, size: 0, timestamp: new Date('2025-11-26T12:00:00.999Z') };
    const opened = openCheckpoint(signCheckpoint(head, ORIGIN, privateKey), ORIGIN, publicKey);
    assert.equal(opened.size, 0);
    assert.deepEqual(opened.timestamp, new Date('2025-11-26T12:00:00Z'));
  });

  it('rejects a tampered size, root, origin, timestamp or signature as a bad signature', () => {
    const note = signCheckpoint(HEAD, ORIGIN, privateKey);
    rejects(note.replace('\n1234567\n', '\n1234568\n'), /bad signature on line 6/);
    const otherRoot = createHash('sha256').update('another root').digest().toString('base64');
    rejects(note.replace(ROOT.toString('base64'), otherRoot), /bad signature/);
    rejects(note.replace(`${ORIGIN}\n`, 'consorcio.example/other\n'), /bad signature/);
    rejects(note.replace('Timestamp: 1764158400', 'Timestamp: 1764158401'), /bad signature/);
    const blob = blobOf(note);
    blob.writeUInt8(blob.readUInt8(40) ^ 1, 40);
    rejects(note.replace(/ \S+\n$/u, ` ${blob.toString('base64')}\n`), /bad signature/);
  });

  it('rejects a note no known key signed, and skips signatures by other keys', () => {
    const note = signCheckpoint(HEAD, ORIGIN, privateKey);
    rejects(note, /unknown key: no signature by consorcio\.example\/audit\+[0-9a-f]{8}/, other.publicKey);
    rejects(note, /unknown key/, publicKey, 'consorcio.example/renamed');
    const byOther = signCheckpoint(HEAD, ORIGIN, other.privateKey);
    rejects(byOther, /unknown key/);
    const cosigned = note + byOther.slice(byOther.lastIndexOf('\n\n') + 2);
    assert.deepEqual(openCheckpoint(cosigned, ORIGIN, publicKey), HEAD, 'a witness cosignature is skipped');
    assert.deepEqual(openCheckpoint(cosigned, ORIGIN, other.publicKey), HEAD);
  });

  it('names the malformed line of a note', () => {
    const note = signCheckpoint(HEAD, ORIGIN, privateKey);
    rejects(note.replace('\n\n', '\n'), /no blank line/);
    rejects(note.slice(0, -1), /does not end in a newline/);
    rejects(note.replace('\u2014 ', '- '), /malformed line 6: expected "— <key name>/);
    rejects(`${note}\u2014 ${ORIGIN} not*base64\n`, /malformed line 7/);
    rejects(note.replace('Timestamp', 'Time\tstamp'), /control character/);
    rejects(`${note.slice(0, note.indexOf('\n\n') + 1)}\n`, /no signature lines/);
  });

  it('names the malformed line of a signed body, and a bad root length', () => {
    const signed = (body: string) => signNote(body, ORIGIN, privateKey);
    const root = ROOT.toString('base64');
    rejects(signed(`${ORIGIN}\n0123\n${root}\nTimestamp: 1\n`), /malformed line 2: the tree size must be decimal/);
    rejects(signed(`${ORIGIN}\n${2 ** 53}\n${root}\nTimestamp: 1\n`), /malformed line 2/);
    rejects(
      signed(`${ORIGIN}\n5\n${ROOT.subarray(1).toString('base64')}\nTimestamp: 1\n`),
      /bad root length: 31 bytes/,
    );
    rejects(signed(`${ORIGIN}\n5\nnot base64!\nTimestamp: 1\n`), /malformed line 3: the root hash is not base64/);
    rejects(signed(`${ORIGIN}\n5\n${root}\n`), /malformed line 4: missing the "Timestamp: <unix seconds>"/);
    rejects(signed(`${ORIGIN}\n5\n${root}\nTimestamp: 1.5\n`), /malformed line 4: expected "Timestamp/);
    rejects(signed(`${ORIGIN}\n5\n${root}\nTimestamp: 1\nextra\n`), /malformed line 5: unexpected extension line/);
    rejects(signed(`\n5\n${root}\nTimestamp: 1\n`), /malformed line 1: empty origin/);
  });

  it('refuses to sign what it could not open', () => {
    assert.throws(() => signCheckpoint({ ...HEAD, rootHash: ROOT.subarray(1) }, ORIGIN, privateKey), /root_hash/);
    assert.throws(() => signCheckpoint({ ...HEAD, size: -1 }, ORIGIN, privateKey), /size/);
    assert.throws(() => signCheckpoint({ ...HEAD, origin: 'a\nb' }, ORIGIN, privateKey), /origin/);
    assert.throws(() => signCheckpoint(HEAD, 'has space', privateKey), /key_name/);
    assert.throws(() => signCheckpoint(HEAD, 'has+plus', privateKey), /key_name/);
    assert.throws(() => signCheckpoint(HEAD, ORIGIN, publicKey), /private_key/);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    assert.throws(() => signCheckpoint(HEAD, ORIGIN, ec.privateKey), /Ed25519 private key/);
    assert.throws(() => openCheckpoint(signCheckpoint(HEAD, ORIGIN, privateKey), ORIGIN, ec.publicKey), /public_key/);
  });

  it('derives the key ID as SHA-256(name ‖ 0x0A ‖ 0x01 ‖ raw public key)[:4]', () => {
    const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
    const expected = createHash('sha256')
      .update(`${ORIGIN}\n`)
      .update(Buffer.from([1]))
      .update(raw)
      .digest();
    assert.deepEqual(keyId(ORIGIN, publicKey), expected.subarray(0, 4));
  });

  it('publishes the verifier key as <name>+<hex key ID>+<base64(0x01 ‖ key)>', () => {
    const raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
    const typed = Buffer.concat([Buffer.from([1]), raw]).toString('base64');
    const vkey = verifierKey(ORIGIN, publicKey);
    assert.equal(vkey, `${ORIGIN}+${keyId(ORIGIN, publicKey).toString('hex')}+${typed}`);
    assert.match(vkey, /^consorcio\.example\/audit\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}$/);
  });

  it('agrees with golang.org/x/mod/sumdb/note on its published example', () => {
    const typedSeed = Buffer.from(GO_SKEY.slice('PRIVATE+KEY+PeterNeumann+c74f20a3+'.length), 'base64');
    assert.equal(typedSeed[0], 1);
    const goPrivate = fromSeed(typedSeed.subarray(1));
    const goPublic = createPublicKey(goPrivate);
    assert.equal(keyId('PeterNeumann', goPublic).toString('hex'), 'c74f20a3');
    assert.equal(verifierKey('PeterNeumann', goPublic), GO_VKEY);
    assert.equal(signNote(GO_TEXT, 'PeterNeumann', goPrivate), GO_NOTE, 'Ed25519 is deterministic');
    assert.equal(openNote(GO_NOTE, 'PeterNeumann', goPublic), GO_TEXT);
    // The signature verifies; the text is just not a checkpoint.
    rejects(GO_NOTE, /malformed line 3: missing the root hash/, goPublic, 'PeterNeumann');
  });
});
