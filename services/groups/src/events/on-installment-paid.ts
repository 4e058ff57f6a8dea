import { appendToOutbox, type EventHandler } from '@consorcio/shared/bus';
import { InstallmentPaid } from '@consorcio/shared/gen/consorcio/events/v1/payments_events';
import { onFirstInstallmentPaid, onLastInstallmentPaid } from '../domain';
import { updateQuota } from '../db/quotas-repo';
import { quotaRef } from '../grpc/mappers';
import { SCHEMA } from '../app/deps';
import { outgoing } from './outgoing';
import { loadReferencedQuota } from './quota-status-change';

/** payments.installment.paid: installment 1 activates the record; the last one settles a contemplated record. */
export const onInstallmentPaid: EventHandler = async ({ trx, meta, body }) => {
  const event = InstallmentPaid.decode(body);
  const quota = await loadReferencedQuota(trx, event.quota);
  if (!quota) return;
  if (event.firstInstallment) {
    const next = onFirstInstallmentPaid(quota.status);
    if (next) {
      const saved = await updateQuota(trx, { ...quota, status: next });
      await appendToOutbox(trx, SCHEMA, [
        outgoing(
          'groups.quota.activated',
          saved.id,
          { quota: quotaRef(saved), activatedOn: event.paidOn },
          meta.correlationId ?? meta.eventId,
        ),
      ]);
      return;
    }
  }
  if (event.lastInstallment) {
    const next = onLastInstallmentPaid(quota.status);
    if (next) {
      const saved = await updateQuota(trx, { ...quota, status: next });
      await appendToOutbox(trx, SCHEMA, [
        outgoing('groups.quota.settled', saved.id, { quota: quotaRef(saved) }, meta.correlationId ?? meta.eventId),
      ]);
    }
  }
};
