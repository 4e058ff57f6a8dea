import type { Knex } from 'knex';
import type { GroupState, GroupStatus } from '../domain';
import { decodeParams, encodeParams } from './params-codec';

/** A stored group: its state plus identity and timestamps. */
export interface GroupRecord {
  id: string;
  code: string;
  state: GroupState;
  cancelReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

interface GroupRow {
  id: string;
  code: string;
  status: GroupStatus;
  parameters: Record<string, unknown>;
  credit_value_now: bigint;
  assemblies_held: number;
  published_on: string | null;
  formation_deadline: string | null;
  constituted_on: string | null;
  last_assembly_on: string | null;
  closing_notices_sent_on: string | null;
  closed_on: string | null;
  dissolved: boolean;
  cancel_reason: string | null;
  created_at: Date;
  updated_at: Date;
}

const TABLE = 'groups.groups';

function toRecord(row: GroupRow): GroupRecord {
  return {
    id: row.id,
    code: row.code,
    cancelReason: row.cancel_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    state: {
      status: row.status,
      params: decodeParams(row.parameters),
      creditValueNow: BigInt(row.credit_value_now),
      assembliesHeld: row.assemblies_held,
      publishedOn: row.published_on,
      formationDeadline: row.formation_deadline,
      constitutedOn: row.constituted_on,
      lastAssemblyOn: row.last_assembly_on,
      closingNoticesSentOn: row.closing_notices_sent_on,
      closedOn: row.closed_on,
      dissolved: row.dissolved,
    },
  };
}

function stateColumns(state: GroupState): Partial<GroupRow> {
  return {
    status: state.status,
    parameters: encodeParams(state.params),
    credit_value_now: state.creditValueNow,
    assemblies_held: state.assembliesHeld,
    published_on: state.publishedOn,
    formation_deadline: state.formationDeadline,
    constituted_on: state.constitutedOn,
    last_assembly_on: state.lastAssemblyOn,
    closing_notices_sent_on: state.closingNoticesSentOn,
    closed_on: state.closedOn,
    dissolved: state.dissolved,
  };
}

export async function insertGroup(
  trx: Knex.Transaction,
  id: string,
  code: string,
  state: GroupState,
): Promise<GroupRecord> {
  const [row] = (await trx(TABLE)
    .insert({ id, code, ...stateColumns(state) })
    .returning('*')) as GroupRow[];
  return toRecord(row!);
}

export async function findGroupByCode(db: Knex, code: string): Promise<GroupRecord | null> {
  const row = (await db(TABLE).where({ code }).first()) as GroupRow | undefined;
  return row ? toRecord(row) : null;
}

export async function getGroup(db: Knex, id: string): Promise<GroupRecord | null> {
  const row = (await db(TABLE).where({ id }).first()) as GroupRow | undefined;
  return row ? toRecord(row) : null;
}

/**
 * Reads a group and locks its row until the transaction ends. Every command that changes a group or
 * its seats takes this lock first, so enrollments, transfers and transitions of one group serialize
 * in PostgreSQL itself — the source of truth — whichever replica runs them.
 */
export async function lockGroup(trx: Knex.Transaction, id: string): Promise<GroupRecord | null> {
  const row = (await trx(TABLE).where({ id }).forUpdate().first()) as GroupRow | undefined;
  return row ? toRecord(row) : null;
}

export async function saveGroupState(
  trx: Knex.Transaction,
  id: string,
  state: GroupState,
  extra: { cancelReason?: string } = {},
): Promise<GroupRecord> {
  const [row] = (await trx(TABLE)
    .where({ id })
    .update({
      ...stateColumns(state),
      ...(extra.cancelReason !== undefined ? { cancel_reason: extra.cancelReason } : {}),
      updated_at: trx.fn.now(),
    })
    .returning('*')) as GroupRow[];
  return toRecord(row!);
}

/** Newest first (ids are UUIDv7, so id order is creation order); `afterId` is the last id of the previous page. */
export async function listGroups(
  db: Knex,
  opts: { status?: GroupStatus; limit: number; afterId?: string },
): Promise<GroupRecord[]> {
  const q = db(TABLE).orderBy('id', 'desc').limit(opts.limit);
  if (opts.status) q.where({ status: opts.status });
  if (opts.afterId) q.where('id', '<', opts.afterId);
  return ((await q) as GroupRow[]).map(toRecord);
}
