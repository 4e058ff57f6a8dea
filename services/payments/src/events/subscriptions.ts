import type { EventHandler } from '@consorcio/shared/bus';
import { onBidDefaulted, onBidWon, onQuotaContemplated } from '../app/bids';
import { onLetterCancelled, onLetterReleased } from '../app/credit-letters';
import { onRefundDrawn } from '../app/refunds';
import { onAdjustmentApplied } from '../app/revaluation';
import {
  onGroupCancelled,
  onGroupClosed,
  onGroupConstituted,
  onGroupCreated,
  onGroupPublished,
  onGroupWindingUp,
} from './on-group-events';
import {
  onQuotaActivated,
  onQuotaEnrolled,
  onQuotaLeft,
  onQuotaStatusChanged,
  onQuotaTransferred,
} from './on-quota-events';

/**
 * What this service consumes, in step with the domain's event catalogue: one queue, `payments.inbound`, bound to
 * these routing keys of groups, draws and credit.
 */
export const PAYMENTS_SUBSCRIPTIONS: { queue: string; handlers: Record<string, EventHandler> } = {
  queue: 'payments.inbound',
  handlers: {
    'groups.group.created': onGroupCreated,
    'groups.group.published': onGroupPublished,
    'groups.group.constituted': onGroupConstituted,
    'groups.group.cancelled': onGroupCancelled,
    'groups.group.last_assembly_held': onGroupWindingUp,
    'groups.group.dissolved': onGroupWindingUp,
    'groups.group.closed': onGroupClosed,
    'groups.quota.enrolled': onQuotaEnrolled,
    'groups.quota.activated': onQuotaActivated,
    'groups.quota.delinquency_recorded': onQuotaStatusChanged,
    'groups.quota.reinstated_active': onQuotaStatusChanged,
    'groups.quota.settled': onQuotaStatusChanged,
    'groups.quota.excluded': onQuotaLeft,
    'groups.quota.withdrawn': onQuotaLeft,
    'groups.quota.transferred': onQuotaTransferred,
    'draws.bid.won': onBidWon,
    'draws.bid.defaulted': onBidDefaulted,
    'draws.quota.contemplated': onQuotaContemplated,
    'draws.excluded.refund_drawn': onRefundDrawn,
    'credit.adjustment.applied': onAdjustmentApplied,
    'credit.letter.released': onLetterReleased,
    'credit.letter.cashed_out': onLetterReleased,
    'credit.letter.cancelled': onLetterCancelled,
  },
};
