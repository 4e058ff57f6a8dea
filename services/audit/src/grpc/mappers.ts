import type { Checkpoint, Entry } from '@consorcio/shared/gen/consorcio/audit/v1/audit';
import type { CheckpointRow, EntryRow } from '../db/log-repo';
import { decodeLeaf } from '../domain/leaf';

/** An entry for the API, with the leaf hash as stored (level 0 of the tree), not recomputed. */
export function entryToProto(row: EntryRow, storedLeafHash: Buffer | undefined): Entry {
  return {
    leafIndex: BigInt(row.leafIndex),
    leaf: row.leaf,
    content: decodeLeaf(row.leaf),
    leafHash: storedLeafHash ?? Buffer.alloc(0),
    previousHash: row.previousHash,
    currentHash: row.currentHash,
    appendedAt: row.appendedAt,
  };
}

export function checkpointToProto(row: CheckpointRow): Checkpoint {
  return { treeSize: BigInt(row.treeSize), rootHash: row.rootHash, timestamp: row.signedAt, note: row.note };
}
