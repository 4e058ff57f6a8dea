import type { EventHandler } from '@consorcio/shared/bus';
import { onLetterCancelled } from './on-credit-events';
import { onQuotaContemplated, onResultPublished } from './on-draws-events';
import { onInstallmentPaid } from './on-installment-paid';
import { onQuotaCurrent, onQuotaDelinquent } from './on-quota-delinquency';

/**
 * What this service consumes, in step with the domain's event catalogue: one queue,
 * `groups.quota-status`, bound to these routing keys of payments, draws and credit.
 */
export const GROUPS_SUBSCRIPTIONS: { queue: string; handlers: Record<string, EventHandler> } = {
  queue: 'groups.quota-status',
  handlers: {
    'payments.installment.paid': onInstallmentPaid,
    'payments.quota.delinquent': onQuotaDelinquent,
    'payments.quota.current': onQuotaCurrent,
    'draws.quota.contemplated': onQuotaContemplated,
    'draws.assembly.result_published': onResultPublished,
    'credit.letter.cancelled': onLetterCancelled,
  },
};
