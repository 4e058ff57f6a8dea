import { acceptNewerVersion, type EventContext, type EventHandler } from '@consorcio/shared/bus';
import { UnavailableError } from '@consorcio/shared/errors';
import { QuotaEnrolled, QuotaTransferred } from '@consorcio/shared/gen/consorcio/events/v1/groups_events';
import { InstallmentCancelled } from '@consorcio/shared/gen/consorcio/events/v1/payments_events';
import type { QuotaRef } from '@consorcio/shared/gen/consorcio/events/v1/refs';
import type { Clock } from '@consorcio/shared/clock';
import { SCHEMA, type NotificationSettings } from '../app/deps';
import { notify } from '../app/notify';
import { markExcluded, upsertHolder } from '../db/quotas-repo';
import type { QuotaFacts } from '../domain/facts';
import { cancelDueSoon, scheduleDueSoon } from './due-soon';
import { billedFacts, factsOf } from './event-facts';

const refFacts = (q: QuotaRef): QuotaFacts => ({
  groupId: q.groupId,
  quotaId: q.quotaId,
  number: q.number,
  version: q.version,
});

/**
 * groups.quota.enrolled / groups.quota.transferred: who holds the record now, applied in the record's version order
 * (a transfer seen before the enrollment is kept, the older enrollment then dropped).
 */
export const onQuotaHolder: EventHandler = async (ctx) => {
  const enrolled = ctx.meta.eventType === 'groups.quota.enrolled';
  const e = enrolled ? QuotaEnrolled.decode(ctx.body) : QuotaTransferred.decode(ctx.body);
  const memberId = 'memberId' in e ? e.memberId : e.toMemberId;
  if (!e.quota) return;
  const fresh = await acceptNewerVersion(
    ctx.trx,
    SCHEMA,
    'notifications.quota-holder',
    ctx.meta.aggregateId,
    ctx.meta.aggregateVersion,
  );
  if (fresh) await upsertHolder(ctx.trx, refFacts(e.quota), memberId);
};

/** payments.installment.cancelled (an excluded record's or a cancelled group's): no reminder for it any more. */
export const onInstallmentCancelled: EventHandler = async (ctx) => {
  const e = InstallmentCancelled.decode(ctx.body);
  if (e.quota) await cancelDueSoon(ctx.trx, e.quota.quotaId, e.period);
};

/** The handler of every event that notifies: its facts, its recipients, its rows — in the consumer's transaction. */
export function notifyingHandler(settings: NotificationSettings, clock: Clock): EventHandler {
  return async (ctx: EventContext) => {
    const { eventType, eventId, occurredAt } = ctx.meta;
    const facts = factsOf(eventType, ctx.body);
    if (facts.kind === 'quota_excluded' && !(await markExcluded(ctx.trx, facts.quota.quotaId))) {
      throw new UnavailableError(`quota ${facts.quota.quotaId} is not projected yet; retrying`);
    }
    await notify(ctx.trx, settings.channels(), { eventId, occurredAt, facts });
    if (eventType === 'payments.installment.billed') {
      await scheduleDueSoon(ctx.trx, clock.now(), settings.dueSoonDays(), eventId, billedFacts(ctx.body));
    } else if (facts.kind === 'payment_confirmed') {
      await cancelDueSoon(ctx.trx, facts.quota.quotaId, facts.period);
    }
  };
}
