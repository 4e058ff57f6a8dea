import type { Knex } from 'knex';
import {
  OCCUPYING_STATUSES,
  type EnrollmentChannel,
  type ExclusionReason,
  type QuotaRecord,
  type QuotaStatus,
} from '../domain';

/** A stored quota record with its identity. */
export interface StoredQuota extends QuotaRecord {
  id: string;
  groupId: string;
  insuranceOptIn: boolean;
  createdAt: Date;
  updatedAt: Date;
}

interface QuotaRow {
  id: string;
  group_id: string;
  number: number;
  version: number;
  status: QuotaStatus;
  member_id: string | null;
  enrolled_at_period: number | null;
  insurance_opt_in: boolean;
  channel: EnrollmentChannel | null;
  enrolled_on: string | null;
  assemblies_held_at_enrollment: number | null;
  exclusion_reason: ExclusionReason | null;
  excluded_on: string | null;
  created_at: Date;
  updated_at: Date;
}

const TABLE = 'groups.quotas';

function toQuota(row: QuotaRow): StoredQuota {
  return {
    id: row.id,
    groupId: row.group_id,
    number: row.number,
    version: row.version,
    status: row.status,
    memberId: row.member_id,
    enrolledAtPeriod: row.enrolled_at_period,
    insuranceOptIn: row.insurance_opt_in,
    channel: row.channel,
    enrolledOn: row.enrolled_on,
    assembliesHeldAtEnrollment: row.assemblies_held_at_enrollment,
    exclusionReason: row.exclusion_reason,
    excludedOn: row.excluded_on,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toRow(q: Omit<StoredQuota, 'createdAt' | 'updatedAt'>): Omit<QuotaRow, 'created_at' | 'updated_at'> {
  return {
    id: q.id,
    group_id: q.groupId,
    number: q.number,
    version: q.version,
    status: q.status,
    member_id: q.memberId,
    enrolled_at_period: q.enrolledAtPeriod,
    insurance_opt_in: q.insuranceOptIn,
    channel: q.channel,
    enrolled_on: q.enrolledOn,
    assemblies_held_at_enrollment: q.assembliesHeldAtEnrollment,
    exclusion_reason: q.exclusionReason,
    excluded_on: q.excludedOn,
  };
}

export async function insertQuota(
  trx: Knex.Transaction,
  q: Omit<StoredQuota, 'createdAt' | 'updatedAt'>,
): Promise<StoredQuota> {
  const [row] = (await trx(TABLE).insert(toRow(q)).returning('*')) as QuotaRow[];
  return toQuota(row!);
}

export async function updateQuota(
  trx: Knex.Transaction,
  q: Omit<StoredQuota, 'createdAt' | 'updatedAt'>,
): Promise<StoredQuota> {
  const [row] = (await trx(TABLE)
    .where({ id: q.id })
    .update({ ...toRow(q), updated_at: trx.fn.now() })
    .returning('*')) as QuotaRow[];
  return toQuota(row!);
}

export async function getQuota(db: Knex, id: string): Promise<StoredQuota | null> {
  const row = (await db(TABLE).where({ id }).first()) as QuotaRow | undefined;
  return row ? toQuota(row) : null;
}

/** The seat's current record (highest version), or null if the seat was never sold. */
export async function currentRecordForSeat(
  trx: Knex.Transaction,
  groupId: string,
  number: number,
): Promise<StoredQuota | null> {
  const row = (await trx(TABLE).where({ group_id: groupId, number }).orderBy('version', 'desc').first()) as
    QuotaRow | undefined;
  return row ? toQuota(row) : null;
}

/** The lowest seat number that is free to sell (never sold, or its current record AVAILABLE), or null when full. */
export async function lowestFreeSeat(
  trx: Knex.Transaction,
  groupId: string,
  maxQuotas: number,
): Promise<number | null> {
  const result: { rows: { seat: number | null }[] } = await trx.raw(
    `select min(n)::int as seat from generate_series(1, ?::int) as n
      where not exists (select 1 from groups.quotas q
                         where q.group_id = ? and q.number = n and q.status = any(?))`,
    [maxQuotas, groupId, [...OCCUPYING_STATUSES]],
  );
  return result.rows[0]?.seat ?? null;
}

/** Records in the given statuses, in a group, optionally only those of some members. */
export async function countRecords(
  trx: Knex.Transaction,
  groupId: string,
  statuses: readonly QuotaStatus[],
  memberIds?: readonly string[],
): Promise<number> {
  const q = trx(TABLE)
    .where({ group_id: groupId })
    .whereIn('status', [...statuses])
    .count<{ count: string | bigint }[]>('* as count');
  if (memberIds) q.whereIn('member_id', [...memberIds]);
  const [row] = await q;
  return Number(row?.count ?? 0);
}

/** Ordered by number then version; `after` is the (number, version) of the previous page's last record. */
export async function listQuotas(
  db: Knex,
  opts: { groupId: string; status?: QuotaStatus; memberId?: string; limit: number; after?: [number, number] },
): Promise<StoredQuota[]> {
  const q = db(TABLE)
    .where({ group_id: opts.groupId })
    .orderBy([{ column: 'number' }, { column: 'version' }])
    .limit(opts.limit);
  if (opts.status) q.where({ status: opts.status });
  if (opts.memberId) q.where({ member_id: opts.memberId });
  if (opts.after) q.whereRaw('(number, version) > (?, ?)', opts.after);
  return ((await q) as QuotaRow[]).map(toQuota);
}

export async function occupiedCount(db: Knex, groupId: string): Promise<number> {
  const [row] = await db(TABLE)
    .where({ group_id: groupId })
    .whereIn('status', [...OCCUPYING_STATUSES])
    .count<{ count: string | bigint }[]>('* as count');
  return Number(row?.count ?? 0);
}
