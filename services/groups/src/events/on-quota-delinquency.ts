import { acceptNewerVersion, appendToOutbox, type EventHandler } from '@consorcio/shared/bus';
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
/**
 * Standing events (delinquent / current) can arrive out of order — a retried one comes back later,
 * several are handled at once — and an old "delinquent" must never override a newer "current". They
 * share one gate per quota: only an event newer than the last standing event applied takes effect.
 */
const STANDING_GATE = 'groups.quota-standing';
const newerStanding = (trx: Parameters<EventHandler>[0]['trx'], aggregateId: string, version: number) =>
  acceptNewerVersion(trx, SCHEMA, STANDING_GATE, aggregateId, version);

export const onQuotaDelinquent: EventHandler = async ({ trx, meta, body }) => {
  if (!(await newerStanding(trx, meta.aggregateId, meta.aggregateVersion))) return;
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
  if (!(await newerStanding(trx, meta.aggregateId, meta.aggregateVersion))) return;
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
