import { appendToOutbox, type EventHandler } from '@consorcio/shared/bus';
import { LetterCancelled } from '@consorcio/shared/gen/consorcio/events/v1/credit_events';
import { onContemplationCancelled } from '../domain';
import { updateQuota } from '../db/quotas-repo';
import { QuotaStatus, quotaRef, toProtoEnum } from '../grpc/mappers';
import { SCHEMA } from '../app/deps';
import { outgoing } from './outgoing';
import { loadReferencedQuota } from './quota-status-change';

/**
 * credit.letter.cancelled: the contemplation is undone (§9.8) — the record returns to DELINQUENT (or ACTIVE), and the
 * status change is announced as groups announces every standing change.
 */
export const onLetterCancelled: EventHandler = async ({ trx, meta, body }) => {
  const event = LetterCancelled.decode(body);
  const quota = await loadReferencedQuota(trx, event.quota);
  if (!quota) return;
  const next = onContemplationCancelled(quota.status);
  if (!next) return;
  const saved = await updateQuota(trx, { ...quota, status: next });
  const correlationId = meta.correlationId ?? meta.eventId;
  await appendToOutbox(trx, SCHEMA, [
    next === 'DELINQUENT'
      ? outgoing(
          'groups.quota.delinquency_recorded',
          saved.id,
          { quota: quotaRef(saved), status: toProtoEnum(QuotaStatus, 'QUOTA_STATUS_', next), overdueCount: 0 },
          correlationId,
        )
      : outgoing(
          'groups.quota.reinstated_active',
          saved.id,
          { quota: quotaRef(saved), status: toProtoEnum(QuotaStatus, 'QUOTA_STATUS_', next) },
          correlationId,
        ),
  ]);
};
