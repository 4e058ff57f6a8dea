import { appendToOutbox, type EventHandler } from '@consorcio/shared/bus';
import { lockGroup } from '../db/groups-repo';
import { QuotaCurrent, QuotaDelinquent } from '@consorcio/shared/gen/consorcio/events/v1/payments_events';
import { onCurrent, onDelinquent } from '../domain';
import { updateQuota } from '../db/quotas-repo';
import { QuotaStatus, quotaRef, toProtoEnum } from '../grpc/mappers';
import { SCHEMA } from '../app/deps';
import { excludeRecord } from '../app/exclude-record';
import { outgoing } from './outgoing';
import { loadReferencedQuota } from './quota-status-change';

/**
 * payments.quota.delinquent: the record becomes DELINQUENT (or CONTEMPLATED_DELINQUENT); a
 * non-contemplated record whose overdue count reaches the group's threshold is excluded effective
 * the evaluation day (domain §3.5), and its seat reopens for resale.
 */
export const onQuotaDelinquent: EventHandler = async ({ trx, meta, body }) => {
  const event = QuotaDelinquent.decode(body);
  const quota = await loadReferencedQuota(trx, event.quota);
  if (!quota) return;
  const group = await lockGroup(trx, quota.groupId);
  if (!group) return;
  const change = onDelinquent(quota.status, event.overdueCount, group.state.params.exclusionThreshold);
  if (!change) return;
  if (change.exclude) {
    await excludeRecord(trx, quota, {
      reason: 'DELINQUENCY',
      effectiveOn: event.evaluatedOn,
      overduePeriods: event.overduePeriods,
      correlationId: meta.correlationId ?? meta.eventId,
    });
    return;
  }
  if (change.status === quota.status) return;
  const saved = await updateQuota(trx, { ...quota, status: change.status });
  await appendToOutbox(trx, SCHEMA, [
    outgoing(
      'groups.quota.delinquency_recorded',
      saved.id,
      {
        quota: quotaRef(saved),
        status: toProtoEnum(QuotaStatus, 'QUOTA_STATUS_', saved.status),
        overdueCount: event.overdueCount,
      },
      meta.correlationId ?? meta.eventId,
    ),
  ]);
};

/** payments.quota.current: every overdue installment paid, the record is back in good standing. */
export const onQuotaCurrent: EventHandler = async ({ trx, meta, body }) => {
  const event = QuotaCurrent.decode(body);
  const quota = await loadReferencedQuota(trx, event.quota);
  if (!quota) return;
  const next = onCurrent(quota.status);
  if (!next) return;
  const saved = await updateQuota(trx, { ...quota, status: next });
  await appendToOutbox(trx, SCHEMA, [
    outgoing(
      'groups.quota.reinstated_active',
      saved.id,
      { quota: quotaRef(saved), status: toProtoEnum(QuotaStatus, 'QUOTA_STATUS_', saved.status) },
      meta.correlationId ?? meta.eventId,
    ),
  ]);
};
