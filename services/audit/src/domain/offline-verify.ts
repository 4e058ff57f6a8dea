import { createPublicKey, type KeyObject } from 'node:crypto';
import type { Checkpoint, Entry } from '@consorcio/shared/gen/consorcio/audit/v1/audit';
import type {
  GetConsistencyProofResponse,
  GetInclusionProofResponse,
} from '@consorcio/shared/gen/consorcio/audit/v1/audit_service';
import { keyId, openCheckpoint, type TreeHead } from './checkpoint';
import { EMPTY_START, LogVerifier, type LogProblem } from './log-verifier';
import { hashLeaf, verifyConsistency, verifyInclusion } from './merkle';

/**
 * What `consorcio audit verify` checks with public material only — a checkpoint, the log's public key, an entry and
 * its proof, or an export of entries — and no access to the platform. Each check answers a result a person can read.
 */
export type Verdict = { ok: true; summary: string } | { ok: false; problem: string; firstBadIndex?: number };

/** The log's public key: a PEM, or a signed-note verifier key `<name>+<key id>+<base64(0x01 ‖ key)>` (name kept). */
export function readPublicKey(text: string): { key: KeyObject; name?: string } {
  const trimmed = text.trim();
  if (trimmed.startsWith('-----BEGIN')) return { key: createPublicKey(trimmed) };
  // The base64 part may itself hold '+': split on the first two only.
  const [, name, id, encoded] = /^([^+\s]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+={0,2})$/.exec(trimmed) ?? [];
  const raw = Buffer.from(encoded ?? '', 'base64');
  if (!name || raw.length !== 33 || raw[0] !== 0x01) {
    throw new Error('the key is neither a PEM public key nor a verifier key <name>+<key id>+<base64 key>');
  }
  const jwk = { kty: 'OKP', crv: 'Ed25519', x: raw.subarray(1).toString('base64url') };
  const key = createPublicKey({ key: jwk, format: 'jwk' });
  if (keyId(name, key).toString('hex') !== id) throw new Error(`the verifier key's id ${id} does not match its key`);
  return { key, name };
}

/** Opens a checkpoint with the key; the key name defaults to the note's own origin line. */
export function openWith(c: Checkpoint | undefined, key: { key: KeyObject; name?: string }, what: string): TreeHead {
  if (!c?.note) throw new Error(`${what}: no signed checkpoint given`);
  const name = key.name ?? c.note.split('\n', 1)[0] ?? '';
  try {
    return openCheckpoint(c.note, name, key.key);
  } catch (err) {
    throw new Error(`${what}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

function attempt(check: () => Verdict): Verdict {
  try {
    return check();
  } catch (err) {
    return { ok: false, problem: err instanceof Error ? err.message : String(err) };
  }
}

/** An entry is in the log the checkpoint signs: signature, sizes, the leaf's own hash, then the audit path. */
export function verifyInclusionBundle(p: GetInclusionProofResponse, key: { key: KeyObject; name?: string }): Verdict {
  return attempt(() => {
    const head = openWith(p.checkpoint, key, 'checkpoint');
    const entry = p.entry;
    if (!entry) return { ok: false, problem: 'the bundle has no entry' };
    const index = Number(entry.leafIndex);
    if (head.size !== Number(p.treeSize)) {
      return { ok: false, problem: `the proof is for size ${p.treeSize}, the checkpoint signs size ${head.size}` };
    }
    const leafHash = hashLeaf(entry.leaf);
    if (entry.leafHash.length > 0 && !leafHash.equals(Buffer.from(entry.leafHash))) {
      return { ok: false, firstBadIndex: index, problem: `entry ${index}: its bytes do not hash to its leaf hash` };
    }
    const proof = p.hashes.map((h) => Buffer.from(h));
    if (!verifyInclusion(leafHash, index, head.size, proof, head.rootHash)) {
      return { ok: false, firstBadIndex: index, problem: `entry ${index} is not in the tree of size ${head.size}` };
    }
    const c = entry.content;
    return {
      ok: true,
      summary:
        `entry ${index} (${c?.eventType ?? '?'} ${c?.eventId ?? '?'}, aggregate ${c?.aggregateId ?? '?'}) is in ` +
        `${head.origin} at size ${head.size}, signed ${head.timestamp.toISOString()}`,
    };
  });
}

/** The newer checkpoint's tree extends the older one's: both signatures, then the consistency proof. */
export function verifyConsistencyBundle(
  p: GetConsistencyProofResponse,
  key: { key: KeyObject; name?: string },
): Verdict {
  return attempt(() => {
    const from = openWith(p.fromCheckpoint, key, 'older checkpoint');
    const to = openWith(p.toCheckpoint, key, 'newer checkpoint');
    if (from.size !== Number(p.fromSize) || to.size !== Number(p.toSize)) {
      return {
        ok: false,
        problem: `the proof is for sizes ${p.fromSize}→${p.toSize}, the checkpoints sign ${from.size}→${to.size}`,
      };
    }
    const proof = p.hashes.map((h) => Buffer.from(h));
    if (!verifyConsistency(from.size, to.size, from.rootHash, to.rootHash, proof)) {
      return { ok: false, problem: `the tree of size ${to.size} does not extend the tree of size ${from.size}` };
    }
    return { ok: true, summary: `${to.origin}: size ${to.size} extends size ${from.size} (the log only grew)` };
  });
}

/**
 * A whole export (entries from index 0, in order, and the checkpoints): recomputes the tree and the chain from the
 * leaf bytes and checks every checkpoint it reaches; names the first bad index.
 */
export function verifyExport(
  entries: readonly Entry[],
  checkpoints: readonly Checkpoint[],
  key: { key: KeyObject; name?: string },
): Verdict {
  return attempt(() => {
    const heads = checkpoints.map((c, i) => openWith(c, key, `checkpoint ${i + 1}`));
    // The export's leaf hashes are the stored level 0 of the tree: compared with the recomputed ones.
    const leafHashes = new Map(
      entries.filter((e) => e.leafHash.length > 0).map((e) => [Number(e.leafIndex), Buffer.from(e.leafHash)]),
    );
    const verifier = new LogVerifier(EMPTY_START, heads, (id) =>
      id.level === 0 ? leafHashes.get(id.index) : undefined,
    );
    for (const e of entries) {
      verifier.add({
        leafIndex: Number(e.leafIndex),
        leaf: Buffer.from(e.leaf),
        previousHash: Buffer.from(e.previousHash),
        currentHash: Buffer.from(e.currentHash),
      });
    }
    const problem: LogProblem | undefined = verifier.finish(true);
    if (problem) return { ok: false, firstBadIndex: problem.index, problem: problem.problem };
    return {
      ok: true,
      summary: `${entries.length} entries recomputed; ${verifier.headsChecked} checkpoint(s) match (root ${verifier.root().toString('base64')})`,
    };
  });
}
