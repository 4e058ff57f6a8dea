import type { Knex } from 'knex';
import { nodeKey, type NodeId } from '../domain/merkle';

/** One row of `audit.entries`. */
export interface EntryRow {
  leafIndex: number;
  eventId: string;
  eventType: string;
  aggregateId: string;
  leaf: Buffer;
  previousHash: Buffer;
  currentHash: Buffer;
  appendedAt: Date;
}

/** One row of `audit.checkpoints`. */
export interface CheckpointRow {
  treeSize: number;
  rootHash: Buffer;
  signedAt: Date;
  note: string;
}

interface RawEntry {
  leaf_index: bigint;
  event_id: string;
  event_type: string;
  aggregate_id: string;
  leaf: Buffer;
  previous_hash: Buffer;
  current_hash: Buffer;
  appended_at: Date;
}

interface RawCheckpoint {
  tree_size: bigint;
  root_hash: Buffer;
  signed_at: Date;
  note: string;
}

const ENTRY_COLUMNS = 'leaf_index, event_id, event_type, aggregate_id, leaf, previous_hash, current_hash, appended_at';

// Appends are serialized across replicas by this transaction-scoped advisory lock: one tree, one order.
const APPEND_LOCK = 'select pg_advisory_xact_lock(6962)';

function entryRow(r: RawEntry): EntryRow {
  return {
    leafIndex: Number(r.leaf_index),
    eventId: r.event_id,
    eventType: r.event_type,
    aggregateId: r.aggregate_id,
    leaf: r.leaf,
    previousHash: r.previous_hash,
    currentHash: r.current_hash,
    appendedAt: r.appended_at,
  };
}

function checkpointRow(r: RawCheckpoint): CheckpointRow {
  return { treeSize: Number(r.tree_size), rootHash: r.root_hash, signedAt: r.signed_at, note: r.note };
}

/** Takes the log's append lock for the rest of the transaction. */
export async function lockLog(trx: Knex.Transaction): Promise<void> {
  await trx.raw(APPEND_LOCK);
}

/** Entries in the log, and the current hash of the last one (undefined when empty). */
export async function logTail(db: Knex): Promise<{ size: number; lastHash: Buffer | undefined }> {
  const res = await db.raw<{ rows: { leaf_index: bigint; current_hash: Buffer }[] }>(
    'select leaf_index, current_hash from audit.entries order by leaf_index desc limit 1',
  );
  const last = res.rows[0];
  return last ? { size: Number(last.leaf_index) + 1, lastHash: last.current_hash } : { size: 0, lastHash: undefined };
}

/** The stored hashes of these nodes, by {@link nodeKey}. */
export async function readNodes(db: Knex, ids: readonly NodeId[]): Promise<Map<string, Buffer>> {
  if (ids.length === 0) return new Map();
  const res = await db.raw<{ rows: { level: number; index: bigint; hash: Buffer }[] }>(
    `select n.level, n.index, n.hash from audit.tree_nodes n
     join unnest(?::smallint[], ?::bigint[]) as want(level, index) using (level, index)`,
    [ids.map((n) => n.level), ids.map((n) => n.index)],
  );
  return new Map(res.rows.map((r) => [nodeKey({ level: r.level, index: Number(r.index) }), r.hash]));
}

/** Stored nodes of every level whose last leaf is in [from, to): the nodes a verifier completes over that range. */
export async function readNodesEndingIn(db: Knex, from: number, to: number): Promise<Map<string, Buffer>> {
  const levels: number[] = [];
  const lows: number[] = [];
  const highs: number[] = [];
  for (let level = 0; 2 ** level <= to; level++) {
    const width = 2 ** level;
    levels.push(level);
    lows.push(Math.ceil((from + 1) / width) - 1);
    highs.push(Math.floor(to / width) - 1);
  }
  const res = await db.raw<{ rows: { level: number; index: bigint; hash: Buffer }[] }>(
    `select n.level, n.index, n.hash from unnest(?::smallint[], ?::bigint[], ?::bigint[]) as r(level, lo, hi)
     join audit.tree_nodes n on n.level = r.level and n.index between r.lo and r.hi`,
    [levels, lows, highs],
  );
  return new Map(res.rows.map((r) => [nodeKey({ level: r.level, index: Number(r.index) }), r.hash]));
}

/** Event ids among these that are already in the log. */
export async function loggedEventIds(trx: Knex.Transaction, eventIds: readonly string[]): Promise<Set<string>> {
  const res = await trx.raw<{ rows: { event_id: string }[] }>(
    'select event_id from audit.entries where event_id = any(?::uuid[])',
    [[...eventIds]],
  );
  return new Set(res.rows.map((r) => r.event_id));
}

/** Inserts entries and nodes in two statements (arrays, not one parameter per value). */
export async function insertAppended(
  trx: Knex.Transaction,
  entries: readonly Omit<EntryRow, 'appendedAt'>[],
  nodes: readonly (NodeId & { hash: Buffer })[],
): Promise<void> {
  if (entries.length === 0) return;
  await trx.raw(
    `insert into audit.entries (leaf_index, event_id, event_type, aggregate_id, leaf, previous_hash, current_hash)
     select * from unnest(?::bigint[], ?::uuid[], ?::text[], ?::text[], ?::bytea[], ?::bytea[], ?::bytea[])`,
    [
      entries.map((e) => e.leafIndex),
      entries.map((e) => e.eventId),
      entries.map((e) => e.eventType),
      entries.map((e) => e.aggregateId),
      entries.map((e) => e.leaf),
      entries.map((e) => e.previousHash),
      entries.map((e) => e.currentHash),
    ],
  );
  await trx.raw(
    `insert into audit.tree_nodes (level, index, hash) select * from unnest(?::smallint[], ?::bigint[], ?::bytea[])`,
    [nodes.map((n) => n.level), nodes.map((n) => n.index), nodes.map((n) => n.hash)],
  );
}

export async function entryAt(db: Knex, leafIndex: number): Promise<EntryRow | undefined> {
  const res = await db.raw<{ rows: RawEntry[] }>(`select ${ENTRY_COLUMNS} from audit.entries where leaf_index = ?`, [
    leafIndex,
  ]);
  return res.rows[0] && entryRow(res.rows[0]);
}

export async function entryOfEvent(db: Knex, eventId: string): Promise<EntryRow | undefined> {
  const res = await db.raw<{ rows: RawEntry[] }>(`select ${ENTRY_COLUMNS} from audit.entries where event_id = ?`, [
    eventId,
  ]);
  return res.rows[0] && entryRow(res.rows[0]);
}

/** Entries in index order from `fromIndex`, optionally of one aggregate. */
export async function listEntries(
  db: Knex,
  o: { aggregateId?: string; fromIndex: number; limit: number },
): Promise<EntryRow[]> {
  const byAggregate = o.aggregateId !== undefined;
  const res = await db.raw<{ rows: RawEntry[] }>(
    `select ${ENTRY_COLUMNS} from audit.entries
     where leaf_index >= ? ${byAggregate ? 'and aggregate_id = ?' : ''}
     order by ${byAggregate ? 'aggregate_id, ' : ''}leaf_index limit ?`,
    byAggregate ? [o.fromIndex, o.aggregateId as string, o.limit] : [o.fromIndex, o.limit],
  );
  return res.rows.map(entryRow);
}

/** The entries of an aggregate with one of these event types (few: a quota's enrolment and transfers). */
export async function entriesOfTypes(db: Knex, aggregateId: string, types: readonly string[]): Promise<EntryRow[]> {
  const res = await db.raw<{ rows: RawEntry[] }>(
    `select ${ENTRY_COLUMNS} from audit.entries where aggregate_id = ? and event_type = any(?::text[])
     order by leaf_index`,
    [aggregateId, [...types]],
  );
  return res.rows.map(entryRow);
}

export async function latestCheckpoint(db: Knex): Promise<CheckpointRow | undefined> {
  const res = await db.raw<{ rows: RawCheckpoint[] }>(
    'select tree_size, root_hash, signed_at, note from audit.checkpoints order by tree_size desc limit 1',
  );
  return res.rows[0] && checkpointRow(res.rows[0]);
}

export async function checkpointOfSize(db: Knex, size: number): Promise<CheckpointRow | undefined> {
  const res = await db.raw<{ rows: RawCheckpoint[] }>(
    'select tree_size, root_hash, signed_at, note from audit.checkpoints where tree_size = ?',
    [size],
  );
  return res.rows[0] && checkpointRow(res.rows[0]);
}

/** Checkpoints in size order, from (excluding) `afterSize`, at most `limit` (all when undefined). */
export async function listCheckpoints(db: Knex, afterSize: number, limit?: number): Promise<CheckpointRow[]> {
  const res = await db.raw<{ rows: RawCheckpoint[] }>(
    `select tree_size, root_hash, signed_at, note from audit.checkpoints where tree_size > ?
     order by tree_size ${limit === undefined ? '' : 'limit ?'}`,
    limit === undefined ? [afterSize] : [afterSize, limit],
  );
  return res.rows.map(checkpointRow);
}

export async function insertCheckpoint(trx: Knex.Transaction, c: CheckpointRow): Promise<void> {
  await trx.raw('insert into audit.checkpoints (tree_size, root_hash, signed_at, note) values (?, ?, ?, ?)', [
    c.treeSize,
    c.rootHash,
    c.signedAt,
    c.note,
  ]);
}
