import type { Knex } from 'knex';
import { appendToOutbox } from '@consorcio/shared/bus';
import type { ExclusionReason } from '../domain';
import { updateQuota, type StoredQuota } from '../db/quotas-repo';
import { outgoing } from '../events/outgoing';
import { ExclusionReason as ProtoExclusionReason, quotaRef, toProtoEnum } from '../grpc/mappers';
import { SCHEMA } from './deps';
import { reopenSeat } from './seats';

/**
 * Excludes a record (domain §3.5), voluntarily or for delinquency: EXCLUDED effective that date, its
 * seat reopened as the next AVAILABLE version, and `groups.quota.excluded` so payments cancels its
 * open installments and draws lists it for refund draws. Call it under the group's row lock, after
 * the rules allowed the exclusion.
 */
export async function excludeRecord(
  trx: Knex.Transaction,
  quota: StoredQuota,
  e: { reason: ExclusionReason; effectiveOn: string; overduePeriods: readonly number[]; correlationId: string },
): Promise<{ excluded: StoredQuota; next: StoredQuota }> {
  const excluded = await updateQuota(trx, {
    ...quota,
    status: 'EXCLUDED',
    exclusionReason: e.reason,
    excludedOn: e.effectiveOn,
  });
  const next = await reopenSeat(trx, excluded);
  await appendToOutbox(trx, SCHEMA, [
    outgoing(
      'groups.quota.excluded',
      excluded.id,
      {
        quota: quotaRef(excluded),
        reason: toProtoEnum(ProtoExclusionReason, 'EXCLUSION_REASON_', e.reason),
        overduePeriods: [...e.overduePeriods],
        effectiveOn: e.effectiveOn,
        nextVersion: quotaRef(next),
      },
      e.correlationId,
    ),
  ]);
  return { excluded, next };
}
