import type { EventHandler } from '@consorcio/shared/bus';
import { MemberErased } from '@consorcio/shared/gen/consorcio/events/v1/groups_events';
import type { DocumentsDeps } from '../app/deps';
import { purgeErasedMemberUploads, releaseAfterErasure } from '../app/erasure';

/**
 * groups.member.erased (LGPD art. 18 VI): the member's uploads that no legal duty keeps are purged — marked with
 * `documents.document.purged` in the consumer's transaction, their objects deleted once it has committed.
 */
export function onMemberErased(deps: DocumentsDeps): EventHandler {
  return async (ctx) => {
    const e = MemberErased.decode(ctx.body);
    if (!e.memberId) return;
    const correlationId = ctx.meta.correlationId ?? ctx.meta.eventId;
    const contents = await purgeErasedMemberUploads(deps, ctx.trx, e.memberId, correlationId);
    if (contents.length === 0) return;
    // After the commit (a rollback releases nothing: the rows stay unpurged and the event comes back).
    void ctx.trx.executionPromise.then(
      () => releaseAfterErasure(deps, contents),
      () => undefined,
    );
  };
}
