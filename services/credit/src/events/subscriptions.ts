import type { EventHandler } from '@consorcio/shared/bus';
import { onContemplated, onGroupDefined, onGroupStatus, onIncomeAllocated, onQuotaHolder } from './projections';

/** What this service consumes: one queue, `credit.inbound`, bound to these routing keys of groups, draws and payments. */
export const CREDIT_SUBSCRIPTIONS: { queue: string; handlers: Record<string, EventHandler> } = {
  queue: 'credit.inbound',
  handlers: {
    'groups.group.created': onGroupDefined,
    'groups.group.published': onGroupDefined,
    'groups.group.constituted': onGroupStatus,
    'groups.group.last_assembly_held': onGroupStatus,
    'groups.group.closed': onGroupStatus,
    'groups.quota.enrolled': onQuotaHolder,
    'groups.quota.transferred': onQuotaHolder,
    'draws.quota.contemplated': onContemplated,
    'payments.income.allocated': onIncomeAllocated,
  },
};
