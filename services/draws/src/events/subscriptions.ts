import type { EventHandler } from '@consorcio/shared/bus';
import { onBidPaid, onLetterCancelled } from '../app/settlement';
import {
  onAdjustment,
  onGroupDefined,
  onGroupStatus,
  onInstallment,
  onQuotaEnrolled,
  onQuotaStatus,
  onRefundAwarded,
} from './projections';

/**
 * What this service consumes, in step with the domain's event catalogue: one queue, `draws.inbound`, bound to these
 * routing keys of groups, payments and credit.
 */
export const DRAWS_SUBSCRIPTIONS: { queue: string; handlers: Record<string, EventHandler> } = {
  queue: 'draws.inbound',
  handlers: {
    'groups.group.created': onGroupDefined,
    'groups.group.published': onGroupDefined,
    'groups.group.constituted': onGroupStatus,
    'groups.group.cancelled': onGroupStatus,
    'groups.group.closed': onGroupStatus,
    'groups.quota.enrolled': onQuotaEnrolled,
    'groups.quota.activated': onQuotaStatus,
    'groups.quota.reinstated_active': onQuotaStatus,
    'groups.quota.delinquency_recorded': onQuotaStatus,
    'groups.quota.excluded': onQuotaStatus,
    'groups.quota.withdrawn': onQuotaStatus,
    'groups.quota.transferred': onQuotaStatus,
    'groups.quota.settled': onQuotaStatus,
    'payments.installment.billed': onInstallment,
    'payments.installment.paid': onInstallment,
    'payments.installment.cancelled': onInstallment,
    'payments.refund.awarded': onRefundAwarded,
    'payments.bid.paid': onBidPaid,
    'credit.adjustment.applied': onAdjustment,
    'credit.letter.cancelled': onLetterCancelled,
  },
};
