import { appendToOutbox } from '@consorcio/shared/bus';
import { RuleViolation } from '@consorcio/shared/errors';
import { newId } from '@consorcio/shared/ids';
import { signCheckpoint as signNote } from '../domain/checkpoint';
import { CompactRange, nodeKey } from '../domain/merkle';
import { insertCheckpoint, latestCheckpoint, lockLog, logTail, readNodes, type CheckpointRow } from '../db/log-repo';
import { outgoing } from '../events/outgoing';
import { SCHEMA, type AuditDeps } from './deps';

/**
 * Signs a checkpoint of the log as it is now, unless the newest one already covers every entry (then answers that
 * one): root from the stored right edge, the C2SP signed note, the row, and `audit.checkpoint.signed` for outside
 * watchers — one transaction, under the append lock so the size and root agree. Undefined while the log is empty.
 */
export function signLatestCheckpoint(deps: AuditDeps): Promise<CheckpointRow | undefined> {
  return deps.db.transaction(async (trx) => {
    await lockLog(trx);
    const [tail, latest] = await Promise.all([logTail(trx), latestCheckpoint(trx)]);
    if (tail.size === 0 || (latest && latest.treeSize >= tail.size)) return latest;
    const peakIds = CompactRange.peakIds(tail.size);
    const stored = await readNodes(trx, peakIds);
    const peaks = peakIds.map((id) => stored.get(nodeKey(id)));
    if (peaks.some((p) => !p)) throw new Error(`audit log damaged: the right edge of tree ${tail.size} is incomplete`);
    const rootHash = new CompactRange(tail.size, peaks as Buffer[]).root();
    const { name, privateKey } = deps.signing;
    // The note keeps whole seconds: so does the row, so both say the same.
    const signedAt = new Date(Math.floor(deps.clock.now().getTime() / 1000) * 1000);
    const note = signNote({ origin: name, size: tail.size, rootHash, timestamp: signedAt }, name, privateKey);
    const row: CheckpointRow = { treeSize: tail.size, rootHash, signedAt, note };
    await insertCheckpoint(trx, row);
    const signature = /^— \S+ (\S+)$/m.exec(note)?.[1] ?? '';
    await appendToOutbox(trx, SCHEMA, [
      outgoing(
        'audit.checkpoint.signed',
        name,
        { treeSize: BigInt(tail.size), rootHash, timestamp: signedAt, signature, note },
        newId(),
      ),
    ]);
    deps.log.info({ payload: { treeSize: tail.size } }, 'checkpoint signed');
    return row;
  });
}

/** The on-demand form: an empty log has nothing to sign. */
export async function signCheckpointNow(deps: AuditDeps): Promise<CheckpointRow> {
  const row = await signLatestCheckpoint(deps);
  if (!row) throw new RuleViolation('LOG_EMPTY', 'the audit log is empty: there is nothing to sign yet');
  return row;
}
