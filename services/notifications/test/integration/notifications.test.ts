import assert from 'node:assert/strict';
import { status, type ServiceError } from '@grpc/grpc-js';
import { eventually } from '@consorcio/shared/harness';
import {
  Channel,
  NotificationStatus,
  NotificationKind,
} from '@consorcio/shared/gen/consorcio/notifications/v1/notifications';
import { newId } from '@consorcio/shared/ids';
import { notify } from '../../src/app/notify';
import { factsOf } from '../../src/events/event-facts';
import { verifyWebhookSignature } from '../../src/domain/webhook-signature';
import { NOTIFICATION_KINDS } from '../../src/domain/kinds';
import {
  billedEvent,
  enrolledEvent,
  notifyingEvents,
  paidEvent,
  transferredEvent,
  type SampleEvent,
} from '../support/sample-events';
import { startHttpSink, type HttpSink } from '../support/http-sink';
import { startNotificationsHarness, withId, type NotificationsHarness } from './harness';

/** The receiver's clock, as an integrator checks a signature. */
const nowSeconds = (): number => Math.floor(Date.now() / 1000);

const refused = (code: status) => (err: ServiceError) => {
  assert.equal(err.code, code, err.details);
  return true;
};

const count = async (h: NotificationsHarness, where: Record<string, unknown>): Promise<number> => {
  const [row] = await h.db('notifications.notifications').where(where).count<{ count: string }[]>('* as count');
  return Number(row?.count ?? 0);
};

describe('notifications service', function () {
  this.timeout(60_000);
  let h: NotificationsHarness;
  let receiver: HttpSink;
  let secret: string;
  const groupId = newId();
  const memberA = newId();
  const quota1 = { groupId, quotaId: newId(), number: 3, version: 1 };
  const quota2 = { groupId, quotaId: newId(), number: 9, version: 1 };

  before(async () => {
    h = await startNotificationsHarness();
    receiver = await startHttpSink();
    h.groups.contacts.set(memberA, { email: 'ana@example.test', phone: '+5511987654321' });
    const r = await h.api().registerWebhookEndpoint({
      url: `${receiver.url}/hooks`,
      secret: '',
      kinds: [],
      description: 'ERP do integrador',
    });
    secret = r.secret;
    // Member A holds two records of the group; the exclusion is about the second, so the assembly result still
    // reaches A through the first whatever order the events are applied in.
    await h.publish([withId(enrolledEvent(quota1, memberA)), withId(enrolledEvent(quota2, memberA))]);
    await eventually(async () => (await h.db('notifications.quotas').where({ member_id: memberA })).length === 2);
  });

  after(async () => {
    await h?.stop();
    await receiver?.close();
  });

  it('notifies every event kind exactly once per channel, though each event is delivered twice', async () => {
    const samples = notifyingEvents(quota1, { installmentId: newId(), letterId: newId() }).map((e): SampleEvent =>
      e.eventType === 'groups.quota.excluded' ? notifyingEvents(quota2, { installmentId: '', letterId: '' })[3]! : e,
    );
    const events = samples.map((e) => withId(e));
    await h.publish(events);
    await h.publish(events); // the broker redelivers every one
    // The billed installment (due 10/03/2026) reminds 3 days before, at 09:00 on the service's clock.
    await eventually(async () => (await h.db('notifications.reminders').where({ state: 'pending' })).length === 1);
    h.clock.set('2026-03-07T12:30:00Z');
    assert.equal(await h.service.fireDueReminders(), 1);
    assert.equal(await h.service.fireDueReminders(), 0);

    const channels = ['EMAIL', 'SMS', 'PUSH', 'WEBHOOK'];
    await eventually(
      async () => (await count(h, { status: 'SENT' })) === NOTIFICATION_KINDS.length * channels.length,
      20_000,
    );
    for (const kind of NOTIFICATION_KINDS) {
      for (const channel of channels) assert.equal(await count(h, { kind, channel }), 1, `${kind} on ${channel}`);
    }
    // The unique key holds even without the inbox: the same event notified again writes nothing.
    const billed = events[0]!;
    const again = await h.db.transaction((trx) =>
      notify(trx, ['EMAIL', 'SMS', 'PUSH'], {
        eventId: billed.eventId,
        occurredAt: new Date(),
        facts: factsOf(billed.eventType, billed.body),
      }),
    );
    assert.equal(again, 0);

    // What was received, once each: 10 e-mails over SMTP, 10 SMS and 10 push at the gateway, 10 webhooks.
    assert.equal(h.smtp.messages.length, NOTIFICATION_KINDS.length);
    assert.equal(h.gateway.requests.filter((r) => r.path === '/sms').length, NOTIFICATION_KINDS.length);
    assert.equal(h.gateway.requests.filter((r) => r.path === '/push').length, NOTIFICATION_KINDS.length);
    assert.equal(receiver.requests.length, NOTIFICATION_KINDS.length);
    const types = receiver.requests.map((r) => (JSON.parse(r.body) as { type: string }).type).sort();
    assert.deepEqual(types, [...NOTIFICATION_KINDS].sort());
    for (const r of receiver.requests) {
      const check = verifyWebhookSignature(secret, r.body, String(r.headers['x-consorcio-signature']), nowSeconds());
      assert.ok(check.valid, JSON.stringify(check));
      assert.doesNotMatch(r.body, /ana@example|987654321/);
    }
    // Contact data was read from groups, as the SERVICE role, for the record of each read (LGPD).
    assert.ok(h.groups.reads.length >= NOTIFICATION_KINDS.length);
    assert.ok(h.groups.reads.every((r) => r.memberId === memberA && r.purpose === 'notification_delivery'));
    const sms = h.gateway.requests.find((r) => r.path === '/sms')!;
    assert.equal(sms.headers.authorization, 'Bearer sms-token');
    assert.equal((JSON.parse(sms.body) as { to: string }).to, '+5511987654321');
  });

  it('sends the billed installment by real SMTP, with the quota number and the amount', () => {
    const mail = h.smtp.messages.find((m) => m.subject.startsWith('Parcela 3'));
    assert.ok(mail, h.smtp.messages.map((m) => m.subject).join('\n'));
    assert.deepEqual(mail.to, ['ana@example.test']);
    assert.equal(mail.from, 'avisos@consorcio.test');
    assert.equal(mail.subject, 'Parcela 3 da cota 0003-1: R$ 1.234,56, vencimento 10/03/2026');
    assert.match(
      mail.text,
      /A parcela 3 da sua cota 0003-1 foi emitida\.\nValor: R\$ 1\.234,56\nVencimento: 10\/03\/2026/,
    );
    assert.ok(mail.headers['x-consorcio-notification-id']);
    const reminder = h.smtp.messages.find((m) => m.subject.startsWith('Lembrete'));
    assert.equal(reminder?.subject, 'Lembrete: a parcela 3 da cota 0003-1 vence em 10/03/2026');
  });

  it('lets a member read their own history, newest first and paged, and nobody else’s', async () => {
    const mine = h.api(['MEMBER'], memberA);
    const first = await mine.listNotifications({ memberId: memberA, page: { pageSize: 20, pageToken: '' } });
    assert.equal(first.notifications.length, 20);
    const second = await mine.listNotifications({
      memberId: memberA,
      page: { pageSize: 20, pageToken: first.page?.nextPageToken ?? '' },
    });
    assert.equal(second.notifications.length, 10);
    assert.equal(second.page?.nextPageToken, '');
    const all = [...first.notifications, ...second.notifications];
    assert.equal(new Set(all.map((n) => n.notificationId)).size, 30);
    assert.ok(all.every((n) => n.status === NotificationStatus.NOTIFICATION_STATUS_SENT && n.subject && n.sentAt));
    assert.ok(all.every((n) => n.channel !== Channel.CHANNEL_WEBHOOK && n.templateVersion === 1));
    await assert.rejects(
      h.api(['MEMBER'], newId()).listNotifications({ memberId: memberA }),
      refused(status.PERMISSION_DENIED),
    );
  });

  it('sends an opted-out member nothing', async () => {
    const memberB = newId();
    const quota3 = { groupId: newId(), quotaId: newId(), number: 1, version: 1 };
    h.groups.contacts.set(memberB, { email: 'bruno@example.test', phone: '+5521912345678' });
    const self = h.api(['MEMBER'], memberB);
    await assert.rejects(
      h.api(['MEMBER'], memberA).updatePreferences({ memberId: memberB, channels: [] }),
      refused(status.PERMISSION_DENIED),
    );
    await assert.rejects(
      self.updatePreferences({ memberId: memberB, channels: [{ channel: Channel.CHANNEL_WEBHOOK, enabled: false }] }),
      refused(status.INVALID_ARGUMENT),
    );
    const off = [Channel.CHANNEL_EMAIL, Channel.CHANNEL_SMS, Channel.CHANNEL_PUSH].map((channel) => ({
      channel,
      enabled: false,
    }));
    const { preferences } = await self.updatePreferences({ memberId: memberB, channels: off });
    assert.ok(preferences?.channels.every((c) => !c.enabled));
    assert.deepEqual((await self.getPreferences({ memberId: memberB })).preferences?.channels, preferences?.channels);

    const events = [
      enrolledEvent(quota3, memberB),
      ...notifyingEvents(quota3, { installmentId: newId(), letterId: newId() }),
    ].map((e) => withId(e));
    await h.publish(events.slice(0, 1));
    await eventually(async () => (await h.db('notifications.quotas').where({ member_id: memberB })).length === 1);
    await h.publish(events.slice(1));
    // Integrators still hear of every event (the webhook rows are the sign the events were applied)...
    await eventually(async () => (await count(h, { group_id: quota3.groupId, channel: 'WEBHOOK' })) === 9);
    // ...but the member gets nothing, and their contact data is never read.
    assert.equal(await count(h, { member_id: memberB }), 0);
    assert.ok(!h.smtp.messages.some((m) => m.to.includes('bruno@example.test')));
    assert.ok(!h.groups.reads.some((r) => r.memberId === memberB));
  });

  it('delivers a webhook once, validly signed, to a receiver that fails twice and then succeeds', async () => {
    const flaky = await startHttpSink((nth) => (nth <= 2 ? 503 : 204));
    try {
      const { endpoint, secret: flakySecret } = await h.api().registerWebhookEndpoint({
        url: `${flaky.url}/consorcio`,
        secret: 'a-secret-of-the-integrator-at-least-32-chars',
        kinds: [NotificationKind.NOTIFICATION_KIND_GROUP_CLOSED],
        description: 'flaky',
      });
      const closed = notifyingEvents(
        { groupId: newId(), quotaId: newId(), number: 1, version: 1 },
        {
          installmentId: '',
          letterId: '',
        },
      ).find((e) => e.eventType === 'groups.group.closed')!;
      await h.publish([withId(closed)]);
      const id = endpoint!.endpointId;
      await eventually(async () => (await count(h, { endpoint_id: id, status: 'SENT' })) === 1, 15_000);

      assert.deepEqual(
        flaky.requests.map((r) => r.status),
        [503, 503, 204],
      );
      const deliveryIds = new Set(flaky.requests.map((r) => r.headers['x-consorcio-delivery-id']));
      assert.equal(deliveryIds.size, 1, 'every retry names the same delivery');
      for (const r of flaky.requests) {
        assert.equal(r.body, flaky.requests[0]!.body);
        assert.ok(
          verifyWebhookSignature(flakySecret, r.body, String(r.headers['x-consorcio-signature']), nowSeconds()).valid,
        );
      }
      assert.equal((JSON.parse(flaky.requests[2]!.body) as { type: string }).type, 'group_closed');

      const deliveries = await h.api(['AUDITOR']).listWebhookDeliveries({ endpointId: id });
      assert.equal(deliveries.notifications.length, 1);
      const delivery = deliveries.notifications[0]!;
      assert.equal(delivery.attempts, 3);
      assert.equal(delivery.notificationId, [...deliveryIds][0]);
      const { attempts } = await h.api(['AUDITOR']).listDeliveryAttempts({ notificationId: delivery.notificationId });
      assert.deepEqual(
        attempts.map((a) => [a.attempt, a.outcome, a.httpStatus]),
        [
          [1, 'RETRY', 503],
          [2, 'RETRY', 503],
          [3, 'SENT', 204],
        ],
      );
      const listed = await h.api().listWebhookEndpoints({});
      assert.ok(listed.endpoints.some((e) => e.endpointId === id && e.url.endsWith('/consorcio')));
    } finally {
      await flaky.close();
    }
  });

  it('refuses a webhook endpoint that is not https or has a short secret, naming the fields', async () => {
    await assert.rejects(
      h.api().registerWebhookEndpoint({ url: 'http://example.com/x', secret: 'short', kinds: [], description: '' }),
      (err: ServiceError) => {
        assert.equal(err.code, status.INVALID_ARGUMENT);
        assert.match(err.details, /url: must be https:\/\//);
        assert.match(err.details, /secret: must be at least 32 characters/);
        return true;
      },
    );
    await assert.rejects(
      h
        .api(['MEMBER'], memberA)
        .registerWebhookEndpoint({ url: 'https://x.test', secret: '', kinds: [], description: '' }),
      refused(status.PERMISSION_DENIED),
    );
  });

  it('follows a transfer: the new holder is told, and a payment cancels the due-soon reminder', async () => {
    const [from, to] = [newId(), newId()];
    h.groups.contacts.set(from, { email: 'carla@example.test', phone: '' });
    h.groups.contacts.set(to, { email: '', phone: '' });
    const quota4 = { groupId: newId(), quotaId: newId(), number: 77, version: 1 };
    await h.publish([withId(enrolledEvent(quota4, from), 1)]);
    await h.publish([withId(transferredEvent(quota4, from, to), 2)]);
    await eventually(async () => (await h.db('notifications.quotas').where({ member_id: to })).length === 1);
    // An enrollment redelivered late (older version) does not give the record back.
    await h.publish([withId(enrolledEvent(quota4, from), 1)]);

    const installmentId = newId();
    await h.publish([withId(billedEvent(quota4, { installmentId, period: 5, dueOn: '2026-06-10' }))]);
    await eventually(async () => (await count(h, { quota_id: quota4.quotaId, channel: 'EMAIL' })) === 1);
    const reminder = () =>
      h
        .db('notifications.reminders')
        .where({ key: `due-soon:${quota4.quotaId}:5` })
        .first<{ state: string }>('state');
    assert.equal((await reminder())?.state, 'pending');
    await h.publish([withId(paidEvent(quota4, 5))]);
    await eventually(async () => (await reminder())?.state === 'cancelled');

    await eventually(async () => (await count(h, { quota_id: quota4.quotaId, status: 'PENDING' })) === 0);
    assert.equal(await count(h, { member_id: from }), 0);
    const holder = await h.db('notifications.quotas').where({ id: quota4.quotaId }).first<{ member_id: string }>();
    assert.equal(holder?.member_id, to);
    // The new holder has neither e-mail nor phone on file: skipped, with the reason in the log.
    const rows = await h.db('notifications.notifications').where({ member_id: to, channel: 'EMAIL' });
    assert.deepEqual(rows.map((r: { status: string; last_error: string }) => [r.status, r.last_error]).sort(), [
      ['SKIPPED', 'no e-mail address on file'],
      ['SKIPPED', 'no e-mail address on file'],
    ]);
  });
});
