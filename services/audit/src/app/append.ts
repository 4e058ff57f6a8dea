import type { Knex } from 'knex';
import { GENESIS_HASH, chainHash } from '../domain/hash-chain';
import { encodeLeaf, type PublishedEvent } from '../domain/leaf';
import { CompactRange, hashLeaf, nodeKey, type NodeId } from '../domain/merkle';
import { insertAppended, lockLog, logTail, loggedEventIds, readNodes, type EntryRow } from '../db/log-repo';

/** What one append did. */
export interface AppendResult {
  appended: number;
  /** Events already in the log (redeliveries), left out. */
  duplicates: number;
  /** The log's size afterwards. */
  size: number;
}

/**
 * Appends a batch of events to the log in one transaction, in the given order, each event once (by id): the leaf
 * bytes, the hash chain, and every perfect subtree the new leaves complete — about two hashes per event, read from
 * the right edge of the tree rather than recomputed. Replicas take turns through the log's advisory lock.
 */
export function appendEvents(db: Knex, events: readonly PublishedEvent[]): Promise<AppendResult> {
  return db.transaction(async (trx) => {
    await lockLog(trx);
    const tail = await logTail(trx);
    const seen = await loggedEventIds(
      trx,
      events.map((e) => e.eventId),
    );
    const fresh: PublishedEvent[] = [];
    for (const e of events) {
      if (seen.has(e.eventId)) continue; // logged before, or twice in this batch
      seen.add(e.eventId);
      fresh.push(e);
    }
    if (fresh.length === 0) return { appended: 0, duplicates: events.length, size: tail.size };
    const peakIds = CompactRange.peakIds(tail.size);
    const stored = await readNodes(trx, peakIds);
    const range = new CompactRange(
      tail.size,
      peakIds.map((id) => peakOf(stored, id)),
    );
    let previousHash = tail.lastHash ?? GENESIS_HASH;
    const entries: Omit<EntryRow, 'appendedAt'>[] = [];
    const nodes: (NodeId & { hash: Buffer })[] = [];
    for (const e of fresh) {
      const leaf = encodeLeaf(e);
      const leafHash = hashLeaf(leaf);
      const currentHash = chainHash(previousHash, leafHash);
      entries.push({
        leafIndex: range.size,
        eventId: e.eventId,
        eventType: e.eventType,
        aggregateId: e.aggregateId,
        leaf,
        previousHash,
        currentHash,
      });
      nodes.push(...range.append(leafHash));
      previousHash = currentHash;
    }
    await insertAppended(trx, entries, nodes);
    return { appended: fresh.length, duplicates: events.length - fresh.length, size: range.size };
  });
}

function peakOf(stored: Map<string, Buffer>, id: NodeId): Buffer {
  const hash = stored.get(nodeKey(id));
  // A missing right-edge node means the stored tree is damaged: appending on a guess would hide it.
  if (!hash) throw new Error(`audit log damaged: tree node ${id.level}/${id.index} is missing`);
  return hash;
}
