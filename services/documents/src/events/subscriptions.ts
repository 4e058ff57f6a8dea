import type { EventHandler } from '@consorcio/shared/bus';
import type { DocumentsDeps } from '../app/deps';
import { onMemberErased } from './erasure';
import { onQuotaEnrolled, onResultPublished } from './generators';
import { onAdjustmentApplied, onGroupClosed, onGroupDefined, onQuotaTransferred } from './projections';

/** What this service consumes: one queue, `documents.inbound`, bound to these routing keys. */
export function documentsSubscriptions(deps: DocumentsDeps): { queue: string; handlers: Record<string, EventHandler> } {
  return {
    queue: 'documents.inbound',
    handlers: {
      'groups.group.created': onGroupDefined,
      'groups.group.published': onGroupDefined,
      'groups.group.closed': onGroupClosed(deps.retention),
      'groups.quota.enrolled': onQuotaEnrolled(deps),
      'groups.quota.transferred': onQuotaTransferred,
      'groups.member.erased': onMemberErased(deps),
      'credit.adjustment.applied': onAdjustmentApplied,
      'draws.assembly.result_published': onResultPublished(deps),
    },
  };
}
