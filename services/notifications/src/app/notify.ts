import type { Knex } from 'knex';
import { UnavailableError } from '@consorcio/shared/errors';
import { newId } from '@consorcio/shared/ids';
import { groupOf, quotaOf, type NotificationFacts } from '../domain/facts';
import { isMemberChannel, type Channel } from '../domain/kinds';
import { webhookBody } from '../domain/webhook-payload';
import { endpointsFor } from '../db/endpoints-repo';
import { insertNotifications, type NewNotification } from '../db/notifications-repo';
import { optedOut } from '../db/preferences-repo';
import { holderOf, membersOfGroup } from '../db/quotas-repo';
import { render } from '../templates';

/** One event's notice, to be sent. */
export interface NotifyInput {
  /** The event it came from: with the kind, channel and recipient, the notification's unique key. */
  eventId: string;
  occurredAt: Date;
  facts: NotificationFacts;
}

/**
 * Who is told: the holder of the record the facts are about, or every holder of the group's records for the
 * group-wide kinds (an assembly result reaches the records still in the group; a closing reaches excluded ones too,
 * since their refunds are settled at the closing). A record not projected yet is retried, not skipped.
 */
export async function recipientsOf(trx: Knex, facts: NotificationFacts): Promise<string[]> {
  const quota = quotaOf(facts);
  if (quota) {
    const holder = await holderOf(trx, quota.quotaId);
    if (!holder) throw new UnavailableError(`quota ${quota.quotaId} is not projected yet; retrying`);
    return [holder];
  }
  return membersOfGroup(trx, groupOf(facts), facts.kind === 'group_closed');
}

/**
 * Writes the notifications of one event in the caller's transaction (the consumer's, or a reminder's), status
 * PENDING for the delivery worker: one per enabled member channel the member has not turned off, and (when webhooks
 * are enabled) one per endpoint that wants the kind. The unique key (event, kind, channel, recipient) makes a second call a no-op.
 * Resolves how many rows were new.
 */
export async function notify(trx: Knex, channels: readonly Channel[], input: NotifyInput): Promise<number> {
  const { facts } = input;
  const members = await recipientsOf(trx, facts);
  const rendered = render(facts);
  const quota = quotaOf(facts);
  const common = {
    event_id: input.eventId,
    kind: facts.kind,
    group_id: groupOf(facts) || null,
    quota_id: quota?.quotaId ?? null,
    template_id: rendered.templateId,
    template_version: rendered.templateVersion,
    subject: rendered.subject,
    body: rendered.text,
    short_text: rendered.short,
  };
  const off = await optedOut(trx, members);
  const rows: NewNotification[] = [];
  for (const member of members) {
    for (const channel of channels.filter(isMemberChannel)) {
      if (off.has(`${member}:${channel}`)) continue;
      rows.push({
        ...common,
        id: newId(),
        channel,
        recipient_id: member,
        member_id: member,
        endpoint_id: null,
        payload: null,
      });
    }
  }
  const endpoints = channels.includes('WEBHOOK') ? await endpointsFor(trx, facts.kind) : [];
  for (const endpoint of endpoints) {
    const id = newId();
    rows.push({
      ...common,
      id,
      channel: 'WEBHOOK',
      recipient_id: endpoint.id,
      member_id: null,
      endpoint_id: endpoint.id,
      payload: webhookBody(id, input.eventId, input.occurredAt, facts),
    });
  }
  return insertNotifications(trx, rows);
}
