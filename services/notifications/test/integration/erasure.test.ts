import assert from 'node:assert/strict';
import { Channel } from '@consorcio/shared/gen/consorcio/notifications/v1/notifications';
import { eventually } from '@consorcio/shared/harness';
import { newId } from '@consorcio/shared/ids';
import { ERASED_REASON } from '../../src/events/erasure';
import { enrolledEvent, erasedEvent, paidEvent } from '../support/sample-events';
import { startNotificationsHarness, withId, type NotificationsHarness } from './harness';

interface Row {
  id: string;
  member_id: string;
  status: string;
  last_error: string | null;
  subject: string;
  body: string;
  short_text: string;
}

describe('notifications: a member erased in groups (LGPD)', function () {
  this.timeout(60_000);
  let h: NotificationsHarness;
  before(async () => {
    h = await startNotificationsHarness();
  });
  after(async () => h?.stop());

  /** A notification waiting for its next attempt (a retry an hour away), as the consumer wrote it. */
  const waiting = async (memberId: string, quotaId: string): Promise<string> => {
    const id = newId();
    await h.db('notifications.notifications').insert({
      id,
      event_id: newId(),
      kind: 'installment_overdue',
      channel: 'EMAIL',
      recipient_id: memberId,
      member_id: memberId,
      quota_id: quotaId,
      template_id: 'installment-overdue',
      template_version: 1,
      subject: 'Parcela em atraso',
      body: 'Sua cota tem parcelas em atraso.',
      short_text: 'Parcelas em atraso',
      next_attempt_at: h.db.raw(`now() + interval '1 hour'`),
    });
    return id;
  };

  it('deletes the preferences and skips what is pending, keeping the history free of personal data', async () => {
    const [erased, other] = [newId(), newId()];
    const quota = { groupId: newId(), quotaId: newId(), number: 12, version: 1 };
    const otherQuota = { groupId: quota.groupId, quotaId: newId(), number: 13, version: 1 };
    h.groups.contacts.set(erased, { email: 'dora@example.test', phone: '+5511955554444' });
    h.groups.contacts.set(other, { email: 'eli@example.test', phone: '' });
    await h.api(['MEMBER'], erased).updatePreferences({
      memberId: erased,
      channels: [{ channel: Channel.CHANNEL_SMS, enabled: false }],
    });
    await h.publish([withId(enrolledEvent(quota, erased)), withId(enrolledEvent(otherQuota, other))]);
    await eventually(async () => (await h.db('notifications.quotas').where({ group_id: quota.groupId })).length === 2);
    // A payment told by e-mail and push (SMS is off): the history of the member.
    await h.publish([withId(paidEvent(quota, 2))]);
    await eventually(async () => (await h.db('notifications.notifications').where({ status: 'SENT' })).length === 2);
    const pending = await waiting(erased, quota.quotaId);
    const othersPending = await waiting(other, otherQuota.quotaId);

    const erasure = withId(erasedEvent(erased));
    await h.publish([erasure, erasure]); // delivered twice: the second finds its inbox row
    await eventually(
      async () => (await h.db('notifications.notifications').where({ id: pending }).first<Row>())?.status === 'SKIPPED',
    );

    assert.equal((await h.db('notifications.preferences').where({ member_id: erased })).length, 0);
    const rows = await h.db('notifications.notifications').where({ member_id: erased }).orderBy('id').select<Row[]>();
    assert.deepEqual(
      rows.map((r) => [r.status, r.last_error]),
      [
        ['SENT', null],
        ['SENT', null],
        ['SKIPPED', ERASED_REASON],
      ],
    );
    // What stays holds ids, record numbers, amounts and dates — no name, e-mail or phone.
    for (const r of rows)
      assert.doesNotMatch(`${r.subject}\n${r.body}\n${r.short_text}`, /dora@|example\.test|955554444/);
    const attempts = await h.db('notifications.delivery_attempts').select<{ smtp_response: string | null }[]>();
    assert.ok(attempts.every((a) => !/dora@|955554444/.test(a.smtp_response ?? '')));
    // Nobody else is touched, and the erased member's preferences read as the defaults again.
    const untouched = await h.db('notifications.notifications').where({ id: othersPending }).first<Row>();
    assert.equal(untouched?.status, 'PENDING');
    const prefs = await h.api(['ADMIN']).getPreferences({ memberId: erased });
    assert.ok(prefs.preferences?.channels.every((c) => c.enabled));
  });
});
