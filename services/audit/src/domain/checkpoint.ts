import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { ValidationError } from '@consorcio/shared/errors';
import { HASH_SIZE } from './merkle';

/**
 * Signed tree heads as C2SP `tlog-checkpoint` signed notes (c2sp.org/signed-note, Ed25519), the format the Go
 * `golang.org/x/mod/sumdb/note` package, witnesses and Sigstore's tooling read, so anyone can check our heads without
 * our code. The body carries one extension line, `Timestamp: <unix seconds>`, as Rekor's checkpoints do.
 */

/** What a checkpoint commits to: the log (origin), its size, its RFC 6962 root, and when the log signed it. */
export interface TreeHead {
  origin: string;
  size: number;
  rootHash: Buffer;
  timestamp: Date;
}

/** signed-note's signature type byte for Ed25519. */
const ED25519 = 0x01;
/** Em dash (U+2014) and a space open every signature line. */
const SIGNATURE_MARK = '\u2014 ';
/** signed-note asks verifiers to cap the signatures they read, and to accept at least 16. */
const MAX_SIGNATURES = 32;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

const malformed = (rule: string) => new ValidationError('checkpoint', rule);

/** Strict standard base64 (RFC 4648 §4): Node's decoder skips junk, so only a canonical round trip counts. */
function decodeBase64(s: string): Buffer | undefined {
  if (!BASE64.test(s)) return undefined;
  const bytes = Buffer.from(s, 'base64');
  return bytes.toString('base64') === s ? bytes : undefined;
}

/** signed-note forbids ASCII control characters other than newline anywhere in a note. */
const hasControl = (s: string, allowNewline: boolean) =>
  [...s].some((ch) => ch.charCodeAt(0) < 0x20 && !(allowNewline && ch === '\n'));

function checkKeyName(keyName: string): void {
  if (keyName === '' || /[\s+]/u.test(keyName) || hasControl(keyName, false))
    throw new ValidationError('key_name', 'must be non-empty, without spaces, plus signs or control characters');
}

function rawPublicKey(publicKey: KeyObject): Buffer {
  if (publicKey.type !== 'public' || publicKey.asymmetricKeyType !== 'ed25519')
    throw new ValidationError('public_key', 'must be an Ed25519 public key');
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url');
  if (raw.length !== 32) throw new ValidationError('public_key', 'must be 32 bytes raw');
  return raw;
}

/** signed-note's Ed25519 key ID: SHA-256(key name ‖ 0x0A ‖ 0x01 ‖ 32-byte public key)[:4]. */
export function keyId(keyName: string, publicKey: KeyObject): Buffer {
  checkKeyName(keyName);
  const digest = createHash('sha256')
    .update(keyName, 'utf8')
    .update(Uint8Array.of(0x0a, ED25519))
    .update(rawPublicKey(publicKey))
    .digest();
  return digest.subarray(0, 4);
}

/** The verifier key to publish: `<name>+<hex key ID>+<base64(0x01 ‖ public key)>`, as sumdb/note reads it. */
export function verifierKey(keyName: string, publicKey: KeyObject): string {
  const typed = Buffer.concat([Uint8Array.of(ED25519), rawPublicKey(publicKey)]);
  return `${keyName}+${keyId(keyName, publicKey).toString('hex')}+${typed.toString('base64')}`;
}

/** Signs a note's text (ending in a newline) and appends the blank line and the signature line. */
export function signNote(text: string, keyName: string, privateKey: KeyObject): string {
  if (privateKey.type !== 'private' || privateKey.asymmetricKeyType !== 'ed25519')
    throw new ValidationError('private_key', 'must be an Ed25519 private key');
  if (!text.endsWith('\n') || hasControl(text, true))
    throw new ValidationError('text', 'must end in a newline and hold no other control characters');
  const id = keyId(keyName, createPublicKey(privateKey));
  const signature = sign(null, Buffer.from(text, 'utf8'), privateKey);
  return `${text}\n${SIGNATURE_MARK}${keyName} ${Buffer.concat([id, signature]).toString('base64')}\n`;
}

/**
 * Returns the text of a note once a signature by (keyName, publicKey) verifies. Signatures by other keys are
 * skipped, as signed-note requires (they may be witnesses' cosignatures).
 * @throws ValidationError naming the malformed line, a bad signature, or the absence of one by this key.
 */
export function openNote(note: string, keyName: string, publicKey: KeyObject): string {
  const id = keyId(keyName, publicKey);
  if (hasControl(note, true)) throw malformed('holds a control character other than newline');
  if (!note.endsWith('\n')) throw malformed('does not end in a newline');
  const cut = note.lastIndexOf('\n\n');
  if (cut < 0) throw malformed('no blank line between the text and the signatures');
  const text = note.slice(0, cut + 1);
  if (cut + 2 === note.length) throw malformed('no signature lines');
  const lines = note.slice(cut + 2, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw malformed(`more than ${MAX_SIGNATURES} signatures`);
  const firstLine = text.split('\n').length + 1;
  let verified = false;
  for (const [i, line] of lines.entries()) {
    const n = firstLine + i;
    const match = /^\u2014 ([^\s+]+) (\S+)$/u.exec(line);
    const blob = match?.[2] === undefined ? undefined : decodeBase64(match[2]);
    if (match === null || blob === undefined || blob.length < 5)
      throw malformed(`malformed line ${n}: expected "— <key name> <base64 key ID and signature>"`);
    if (match[1] !== keyName || !blob.subarray(0, 4).equals(id)) continue;
    const signature = blob.subarray(4);
    if (signature.length !== 64 || !verify(null, Buffer.from(text, 'utf8'), publicKey, signature))
      throw malformed(`bad signature on line ${n} by key ${keyName}+${id.toString('hex')}`);
    verified = true;
  }
  if (!verified) throw malformed(`unknown key: no signature by ${keyName}+${id.toString('hex')}`);
  return text;
}

/** The checkpoint body: origin, decimal size, base64 root, then the timestamp extension line. */
function formatBody(head: TreeHead): string {
  if (head.origin === '' || hasControl(head.origin, false))
    throw new ValidationError('origin', 'must be non-empty, on one line, without control characters');
  if (!Number.isSafeInteger(head.size) || head.size < 0)
    throw new ValidationError('size', 'must be an integer from 0 to 2^53 − 1');
  if (head.rootHash.length !== HASH_SIZE) throw new ValidationError('root_hash', `must be ${HASH_SIZE} bytes`);
  const seconds = Math.floor(head.timestamp.getTime() / 1000);
  if (!Number.isSafeInteger(seconds) || seconds < 0)
    throw new ValidationError('timestamp', 'must be a valid date from 1970 on');
  return `${head.origin}\n${head.size}\n${head.rootHash.toString('base64')}\nTimestamp: ${seconds}\n`;
}

const DECIMAL = /^(0|[1-9][0-9]*)$/;
const LINE_NAMES = ['origin', 'tree size', 'root hash', '"Timestamp: <unix seconds>"'];

/** Reads a verified checkpoint body; every line is checked, since a signature only says who wrote it. */
function parseBody(text: string): TreeHead {
  const lines = text.slice(0, -1).split('\n');
  const [origin, sizeLine, rootLine, timestampLine] = lines;
  if (origin === undefined || sizeLine === undefined || rootLine === undefined || timestampLine === undefined)
    throw malformed(`malformed line ${lines.length + 1}: missing the ${LINE_NAMES[lines.length] ?? 'line'}`);
  if (lines.length > 4) throw malformed('malformed line 5: unexpected extension line');
  if (origin === '') throw malformed('malformed line 1: empty origin');
  const size = DECIMAL.test(sizeLine) ? Number(sizeLine) : NaN;
  if (!Number.isSafeInteger(size))
    throw malformed('malformed line 2: the tree size must be decimal, without leading zeroes, below 2^53');
  const rootHash = decodeBase64(rootLine);
  if (rootHash === undefined) throw malformed('malformed line 3: the root hash is not base64');
  if (rootHash.length !== HASH_SIZE)
    throw malformed(`bad root length: ${rootHash.length} bytes, expected ${HASH_SIZE}`);
  const stamp = /^Timestamp: (0|[1-9][0-9]*)$/.exec(timestampLine)?.[1];
  const timestamp = new Date(stamp === undefined ? NaN : Number(stamp) * 1000);
  if (Number.isNaN(timestamp.getTime())) throw malformed(`malformed line 4: expected ${LINE_NAMES[3]}`);
  return { origin, size, rootHash, timestamp };
}

/** Signs a tree head as a checkpoint. The timestamp keeps whole seconds. */
export function signCheckpoint(head: TreeHead, keyName: string, privateKey: KeyObject): string {
  return signNote(formatBody(head), keyName, privateKey);
}

/**
 * Verifies a checkpoint's signature by (keyName, publicKey), then reads its body.
 * @throws ValidationError naming what is wrong: a malformed line, an unknown key, a bad signature, a bad root length.
 */
export function openCheckpoint(note: string, keyName: string, publicKey: KeyObject): TreeHead {
  return parseBody(openNote(note, keyName, publicKey));
}
