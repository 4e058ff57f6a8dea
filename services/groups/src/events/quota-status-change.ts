import type { Knex } from 'knex';
import type { QuotaRef } from '@consorcio/shared/gen/consorcio/events/v1/refs';
import { lockGroup } from '../db/groups-repo';
import { getQuota, type StoredQuota } from '../db/quotas-repo';

/**
 * Loads the record an incoming event is about, under its group's row lock. Returns null (ack without
 * effect) when the record is unknown here: events about another installation's records, or a record
 * that has since been replaced, must not block the queue.
 */
export async function loadReferencedQuota(
  trx: Knex.Transaction,
  ref: QuotaRef | undefined,
): Promise<StoredQuota | null> {
  if (!ref?.quotaId) return null;
  const first = await getQuota(trx, ref.quotaId);
  if (!first) return null;
  await lockGroup(trx, first.groupId);
  return getQuota(trx, ref.quotaId);
}
