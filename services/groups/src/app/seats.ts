import type { Knex } from 'knex';
import { NotFoundError, ValidationError } from '@consorcio/shared/errors';
import { newId } from '@consorcio/shared/ids';
import { getQuota, insertQuota, type StoredQuota } from '../db/quotas-repo';
import { lockGroup, type GroupRecord } from '../db/groups-repo';

/**
 * After a record leaves the group (withdrawn or excluded) its seat gets a new AVAILABLE version
 * for resale as a replacement quota (domain §3.1); the old record keeps its number for refunds.
 */
export function reopenSeat(trx: Knex.Transaction, left: StoredQuota): Promise<StoredQuota> {
  return insertQuota(trx, {
    id: newId(),
    groupId: left.groupId,
    number: left.number,
    version: left.version + 1,
    status: 'AVAILABLE',
    memberId: null,
    enrolledAtPeriod: null,
    insuranceOptIn: false,
    channel: null,
    enrolledOn: null,
    assembliesHeldAtEnrollment: null,
    exclusionReason: null,
    excludedOn: null,
  });
}

/** Loads a quota and locks its group's row (every seat change of a group serializes on it). */
export async function lockQuotaAndGroup(
  trx: Knex.Transaction,
  quotaId: string,
): Promise<{ quota: StoredQuota; group: GroupRecord }> {
  const found = await getQuota(trx, quotaId);
  if (!found) throw new NotFoundError('quota', quotaId);
  const group = await lockGroup(trx, found.groupId);
  if (!group) throw new NotFoundError('group', found.groupId);
  // Re-read under the lock: another command may have changed the record meanwhile.
  const quota = await getQuota(trx, quotaId);
  if (!quota) throw new NotFoundError('quota', quotaId);
  return { quota, group };
}

export function requireChannel<T>(value: T | undefined): T {
  if (value === undefined) throw new ValidationError('channel', 'is required (PREMISES, ONLINE or PHONE)');
  return value;
}
