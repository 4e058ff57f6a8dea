import type { EventHandler } from '@consorcio/shared/bus';
import { MemberErased } from '@consorcio/shared/gen/consorcio/events/v1/groups_events';
import { deletePreferencesOf } from '../db/preferences-repo';
import { skipPendingOf } from '../db/notifications-repo';

/** The reason stored on the notifications an erasure stopped. */
export const ERASED_REASON = 'member erased (LGPD)';

/**
 * groups.member.erased (LGPD art. 18 VI): the member's channel choices are deleted and every notification still
 * pending for them is SKIPPED (nothing more is sent, and their contact data is not read again), in the consumer's
 * transaction. The history rows stay: they hold ids, kinds, template ids and messages rendered without names or
 * contacts (record numbers, amounts, dates), and the delivery log keeps replies with contacts redacted.
 * A notification already being sent when the erasure lands is not recorded (its claim finds it SKIPPED).
 */
export const onMemberErased: EventHandler = async (ctx) => {
  const e = MemberErased.decode(ctx.body);
  if (!e.memberId) return;
  await deletePreferencesOf(ctx.trx, e.memberId);
  await skipPendingOf(ctx.trx, e.memberId, ERASED_REASON);
};
