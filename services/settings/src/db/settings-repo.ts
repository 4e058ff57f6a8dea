import type { Knex } from 'knex';
import type { SettingKey } from '@consorcio/shared/settings';
import type { ChangeStatus } from '../domain/maker-checker';

/** A setting's stored value (absent while the catalogue default applies). */
export interface StoredValue {
  key: string;
  /** JSON text. */
  value: string;
  version: bigint;
  changeId: string;
  updatedAt: Date;
  updatedBy: string;
}

/** One row of `setting_changes`. */
export interface ChangeRecord {
  id: string;
  key: string;
  status: ChangeStatus;
  baseVersion: bigint;
  version: bigint | null;
  oldValue: string;
  newValue: string;
  proposedBy: string;
  proposedAt: Date;
  confirmedBy: string | null;
  confirmedAt: Date | null;
  rejectedBy: string | null;
  rejectedAt: Date | null;
  reason: string;
  rejectReason: string;
}

interface ValueRow {
  key: string;
  value: string;
  version: bigint;
  change_id: string;
  updated_at: Date;
  updated_by: string;
}

interface ChangeRow {
  id: string;
  key: string;
  status: ChangeStatus;
  base_version: bigint;
  version: bigint | null;
  old_value: string;
  new_value: string;
  proposed_by: string;
  proposed_at: Date;
  confirmed_by: string | null;
  confirmed_at: Date | null;
  rejected_by: string | null;
  rejected_at: Date | null;
  reason: string;
  reject_reason: string;
}

const VALUES = 'settings.setting_values';
const CHANGES = 'settings.setting_changes';

const toValue = (r: ValueRow): StoredValue => ({
  key: r.key,
  value: r.value,
  version: r.version,
  changeId: r.change_id,
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
});

const toChange = (r: ChangeRow): ChangeRecord => ({
  id: r.id,
  key: r.key,
  status: r.status,
  baseVersion: r.base_version,
  version: r.version,
  oldValue: r.old_value,
  newValue: r.new_value,
  proposedBy: r.proposed_by,
  proposedAt: r.proposed_at,
  confirmedBy: r.confirmed_by,
  confirmedAt: r.confirmed_at,
  rejectedBy: r.rejected_by,
  rejectedAt: r.rejected_at,
  reason: r.reason,
  rejectReason: r.reject_reason,
});

/**
 * Serializes the writers of one key until the transaction ends: a transaction-scoped advisory lock, since a key
 * at its default has no row to lock yet.
 */
export async function lockKey(trx: Knex.Transaction, key: SettingKey): Promise<void> {
  await trx.raw('select pg_advisory_xact_lock(hashtextextended(?, 0))', [`settings:${key}`]);
}

export async function storedValues(db: Knex): Promise<StoredValue[]> {
  return (await db(VALUES).select<ValueRow[]>('*')).map(toValue);
}

export async function storedValue(db: Knex, key: SettingKey): Promise<StoredValue | undefined> {
  const row = await db(VALUES).where({ key }).first<ValueRow | undefined>();
  return row ? toValue(row) : undefined;
}

export async function saveValue(trx: Knex.Transaction, v: StoredValue): Promise<void> {
  await trx(VALUES)
    .insert({
      key: v.key,
      value: v.value,
      version: v.version,
      change_id: v.changeId,
      updated_at: v.updatedAt,
      updated_by: v.updatedBy,
    })
    .onConflict('key')
    .merge();
}

export async function insertChange(trx: Knex.Transaction, c: ChangeRecord): Promise<void> {
  await trx(CHANGES).insert({
    id: c.id,
    key: c.key,
    status: c.status,
    base_version: c.baseVersion,
    version: c.version,
    old_value: c.oldValue,
    new_value: c.newValue,
    proposed_by: c.proposedBy,
    proposed_at: c.proposedAt,
    confirmed_by: c.confirmedBy,
    confirmed_at: c.confirmedAt,
    rejected_by: c.rejectedBy,
    rejected_at: c.rejectedAt,
    reason: c.reason,
    reject_reason: c.rejectReason,
  });
}

/** A change, locked for the transaction when `trx` is one and `forUpdate` is set. */
export async function findChange(db: Knex, id: string, forUpdate = false): Promise<ChangeRecord | undefined> {
  const q = db(CHANGES).where({ id });
  const row = await (forUpdate ? q.forUpdate() : q).first<ChangeRow | undefined>();
  return row ? toChange(row) : undefined;
}

/** Marks a pending change applied as `version`, confirmed by `confirmedBy` (null for a direct change). */
export async function markApplied(
  trx: Knex.Transaction,
  id: string,
  a: { version: bigint; oldValue: string; confirmedBy: string | null; confirmedAt: Date | null },
): Promise<void> {
  await trx(CHANGES).where({ id }).update({
    status: 'APPLIED',
    version: a.version,
    old_value: a.oldValue,
    confirmed_by: a.confirmedBy,
    confirmed_at: a.confirmedAt,
  });
}

export async function markRejected(
  trx: Knex.Transaction,
  id: string,
  r: { rejectedBy: string; rejectedAt: Date; reason: string },
): Promise<void> {
  await trx(CHANGES)
    .where({ id })
    .update({ status: 'REJECTED', rejected_by: r.rejectedBy, rejected_at: r.rejectedAt, reject_reason: r.reason });
}

/** Every other pending proposal of the key was made against an older value: they can no longer be confirmed. */
export async function supersedePending(trx: Knex.Transaction, key: SettingKey, exceptId: string): Promise<void> {
  await trx(CHANGES).where({ key, status: 'PENDING' }).whereNot({ id: exceptId }).update({ status: 'SUPERSEDED' });
}

/** Changes newest first (ids are UUIDv7, so id order is time order), optionally of one key and one status. */
export async function listChanges(
  db: Knex,
  f: { key?: SettingKey | undefined; status?: ChangeStatus | undefined; before?: string | undefined; limit: number },
): Promise<ChangeRecord[]> {
  const q = db(CHANGES).select<ChangeRow[]>('*').orderBy('id', 'desc').limit(f.limit);
  if (f.key) void q.where({ key: f.key });
  if (f.status) void q.where({ status: f.status });
  if (f.before) void q.where('id', '<', f.before);
  return (await q).map(toChange);
}

/** A key's applied changes, newest version first. */
export async function listHistory(
  db: Knex,
  key: SettingKey,
  beforeVersion: bigint | undefined,
  limit: number,
): Promise<ChangeRecord[]> {
  const q = db(CHANGES)
    .select<ChangeRow[]>('*')
    .where({ key, status: 'APPLIED' })
    .orderBy('version', 'desc')
    .limit(limit);
  if (beforeVersion !== undefined) void q.where('version', '<', beforeVersion.toString());
  return (await q).map(toChange);
}
