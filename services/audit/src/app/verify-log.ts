import { ValidationError } from '@consorcio/shared/errors';
import { openCheckpoint } from '../domain/checkpoint';
import { EMPTY_START, LogVerifier, type LogProblem, type TrustedHead, type VerifyStart } from '../domain/log-verifier';
import { CompactRange, nodeKey } from '../domain/merkle';
import { entryAt, listCheckpoints, listEntries, logTail, readNodes, readNodesEndingIn } from '../db/log-repo';
import type { AuditDeps } from './deps';

/** Entries read per query while verifying. */
const PAGE = 5000;

/** What {@link verifyLog} found. */
export interface LogVerification {
  entriesChecked: number;
  checkpointsChecked: number;
  problem: LogProblem | undefined;
  treeSize: number;
  rootHash: Buffer;
}

/**
 * Recomputes the tree over [from, to) (to 0: the whole log) from the stored leaf bytes, and checks the chain, every
 * stored node the range completes, and every checkpoint it reaches — signature first, then the root. Stops after
 * the page where something is first found wrong and names the lowest bad index.
 */
export async function verifyLog(deps: AuditDeps, from: number, to: number): Promise<LogVerification> {
  const tail = await logTail(deps.db);
  const end = to === 0 ? tail.size : to;
  if (from < 0 || from > tail.size) throw new ValidationError('from_index', `must be 0..${tail.size}, the log's size`);
  if (end < from || end > tail.size) throw new ValidationError('to_index', `must be ${from}..${tail.size} (0: all)`);
  const { heads, problem: badSignature } = await trustedHeads(deps, from);
  let pageNodes = new Map<string, Buffer>();
  const verifier = new LogVerifier(await startAt(deps, from), heads, (id) => pageNodes.get(nodeKey(id)));
  for (let at = from; at < end && !verifier.problem; at += PAGE) {
    const stop = Math.min(end, at + PAGE);
    const [entries, nodes] = await Promise.all([
      listEntries(deps.db, { fromIndex: at, limit: stop - at }),
      readNodesEndingIn(deps.db, at, stop),
    ]);
    pageNodes = nodes;
    for (const e of entries) verifier.add(e);
  }
  const found = verifier.finish(to === 0);
  const problem = [found, badSignature].filter((p) => p !== undefined).sort((a, b) => a.index - b.index)[0];
  return {
    entriesChecked: verifier.size - from,
    checkpointsChecked: verifier.headsChecked,
    problem,
    treeSize: verifier.size,
    rootHash: verifier.root(),
  };
}

/** The checkpoints after `from` whose signature verifies; the first one that does not, as a problem. */
async function trustedHeads(
  deps: AuditDeps,
  from: number,
): Promise<{ heads: TrustedHead[]; problem: LogProblem | undefined }> {
  const heads: TrustedHead[] = [];
  for (const row of await listCheckpoints(deps.db, from)) {
    try {
      const head = openCheckpoint(row.note, deps.signing.name, deps.signing.publicKey);
      if (head.size !== row.treeSize || !head.rootHash.equals(row.rootHash)) throw new Error('note and row disagree');
      heads.push({ size: head.size, rootHash: head.rootHash });
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      return { heads, problem: { index: row.treeSize - 1, problem: `checkpoint at size ${row.treeSize}: ${why}` } };
    }
  }
  return { heads, problem: undefined };
}

/** The stored prefix before `from`, taken as it is. */
async function startAt(deps: AuditDeps, from: number): Promise<VerifyStart> {
  if (from === 0) return EMPTY_START;
  const ids = CompactRange.peakIds(from);
  const [stored, before] = await Promise.all([readNodes(deps.db, ids), entryAt(deps.db, from - 1)]);
  const peaks = ids.map((id) => stored.get(nodeKey(id)));
  if (!before || peaks.some((p) => !p))
    throw new ValidationError('from_index', `the stored tree at ${from} is incomplete`);
  return { size: from, peaks: peaks as Buffer[], previousHash: before.currentHash };
}
