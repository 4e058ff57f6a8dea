import type { EventHandler } from '@consorcio/shared/bus';
import type { Clock } from '@consorcio/shared/clock';
import type { NotificationSettings } from '../app/deps';
import { onMemberErased } from './erasure';
import { NOTIFYING_EVENTS } from './event-facts';
import { notifyingHandler, onInstallmentCancelled, onQuotaHolder } from './handlers';

/** This service's queue. */
export const INBOUND_QUEUE = 'notifications.inbound';

/**
 * What this service consumes: one queue, `notifications.inbound`, bound to groups' holder events (the projection
 * quota → member), to members' erasures (LGPD), to payments' cancelled installments (their reminders go) and to every
 * event that becomes a notification.
 */
export function notificationSubscriptions(
  settings: NotificationSettings,
  clock: Clock,
): { queue: string; handlers: Record<string, EventHandler> } {
  const notifying = notifyingHandler(settings, clock);
  return {
    queue: INBOUND_QUEUE,
    handlers: {
      'groups.quota.enrolled': onQuotaHolder,
      'groups.quota.transferred': onQuotaHolder,
      'payments.installment.cancelled': onInstallmentCancelled,
      'groups.member.erased': onMemberErased,
      ...Object.fromEntries(NOTIFYING_EVENTS.map((key) => [key, notifying])),
    },
  };
}
