import assert from 'node:assert/strict';
import { createDb } from '@consorcio/shared/db';
import { infraUrls } from '@consorcio/shared/testing';
import { until } from '../../../cli/src/simulation/context';
import { formGroup, type GroupMember, type MonthsGroup } from '../support/months';
import { ADMIN, startPlatform, type Platform } from '../support/platform';

/** A row of a member's notification history, as the REST API answers it (ProtoJSON). */
interface Notification {
  notificationId: string;
  kind: string;
  channel: string;
  status: string;
  eventId: string;
  quotaId: string;
  subject: string;
  createdAt: string;
}

const BILLED = 'NOTIFICATION_KIND_INSTALLMENT_BILLED';
const CONFIRMED = 'NOTIFICATION_KIND_PAYMENT_CONFIRMED';
const RESULT = 'NOTIFICATION_KIND_ASSEMBLY_RESULT';

/**
 * Notifications and personal data on the running platform, through REST only: a group taken through its months
 * tells its members by e-mail (a real SMTP server), each member reads their own history and switches e-mail off,
 * and a member's personal data is exported to them, kept encrypted, and not erased while the law requires it.
 */
describe('REST through the gateway: notifications and personal data of a group in its months', function () {
  this.timeout(300_000);
  let p: Platform;
  let g: MonthsGroup;
  let ana: GroupMember;
  let bruno: GroupMember;
  let admin: string;
  const db = createDb({ url: infraUrls('test').databaseUrl, applicationName: 'e2e-supporting' });

  const history = async (m: GroupMember, token = m.token): Promise<Notification[]> => {
    const r = await p.call('GET', `/v1/members/${m.memberId}/notifications?page.pageSize=200`, { token });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return (r.body.notifications ?? []) as Notification[]; // ProtoJSON leaves an empty list out
  };
  const eventsOf = (rows: Notification[], kind: string) =>
    new Set(rows.filter((n) => n.kind === kind).map((n) => n.eventId));
  const mailTo = (m: GroupMember) => p.smtp.messages.filter((mail) => mail.to.includes(m.email));

  before(async () => {
    p = await startPlatform();
    admin = (await p.login(ADMIN.username, ADMIN.password)).accessToken;
    g = await formGroup(p, { code: 'G-NOTIFY' });
    [ana, bruno] = g.members as [GroupMember, GroupMember];
    await g.runMonth(2);
  });
  after(async () => {
    await p?.stop();
    await db.destroy();
  });

  it('shows each billing and payment in the member’s history, one per channel, and e-mails it', async () => {
    // Installments 1 and 2 were billed and paid: two events of each kind, every row sent.
    const rows = await until('the billed and confirmed notifications sent', async () => {
      const all = await history(ana);
      const mine = all.filter((n) => n.kind === BILLED || n.kind === CONFIRMED);
      const done = eventsOf(mine, BILLED).size === 2 && eventsOf(mine, CONFIRMED).size === 2;
      return done && mine.every((n) => n.status === 'NOTIFICATION_STATUS_SENT') && mine;
    });
    for (const n of rows) {
      const same = rows.filter((x) => x.eventId === n.eventId && x.kind === n.kind && x.channel === n.channel);
      assert.equal(same.length, 1, `one ${n.kind} per channel for event ${n.eventId}`);
      assert.equal(n.quotaId, ana.quotaId);
      assert.ok(!n.subject.includes(ana.name), 'no name in the subject');
    }
    // No SMS or push gateway is configured and no integrator registered: e-mail is the member's one channel.
    assert.deepEqual([...new Set(rows.map((n) => n.channel))], ['CHANNEL_EMAIL']);
    assert.equal(rows.length, 4);

    // The SMTP server received each of them, addressed to the member, carrying the notification's id.
    const mails = await until('the e-mails at the SMTP server', () => {
      const got = mailTo(ana);
      const all = rows.every((n) => got.some((m) => m.headers['x-consorcio-notification-id'] === n.notificationId));
      return Promise.resolve(all && got);
    });
    for (const n of rows) {
      const mail = mails.find((m) => m.headers['x-consorcio-notification-id'] === n.notificationId)!;
      assert.equal(mail.subject, n.subject);
      assert.deepEqual(mail.to, [ana.email]);
    }
  });

  it('refuses a member another member’s history (403), and lets staff read it', async () => {
    const other = await p.call('GET', `/v1/members/${bruno.memberId}/notifications`, { token: ana.token });
    assert.equal(other.status, 403, JSON.stringify(other.body));
    const prefs = await p.call('GET', `/v1/members/${bruno.memberId}/notification-preferences`, { token: ana.token });
    assert.equal(prefs.status, 403);
    assert.ok((await history(bruno, admin)).length > 0);
  });

  it('sends no e-mail for the next events once the member turns e-mail off', async () => {
    // What was already pending is still delivered: wait until nothing of Ana's is pending before switching.
    await until('nothing pending for Ana', async () =>
      (await history(ana)).every((n) => n.status !== 'NOTIFICATION_STATUS_PENDING'),
    );
    const before = await history(ana);
    const mailsBefore = mailTo(ana).length;
    const put = await p.call('PUT', `/v1/members/${ana.memberId}/notification-preferences`, {
      token: ana.token,
      body: { channels: [{ channel: 'CHANNEL_EMAIL', enabled: false }] },
    });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    const prefs = await p.call('GET', `/v1/members/${ana.memberId}/notification-preferences`, { token: ana.token });
    const email = (prefs.body.preferences.channels as { channel: string; enabled?: boolean }[]).find(
      (c) => c.channel === 'CHANNEL_EMAIL',
    );
    assert.equal(email?.enabled ?? false, false);

    const brunoResults = eventsOf(await history(bruno, admin), RESULT).size;
    await g.runMonth(3);
    // The assembly result of period 3 is one event for every holder: once Bruno has it, Ana's share was decided too.
    await until('Bruno’s period-3 notifications sent', async () => {
      const rows = await history(bruno, admin);
      return (
        eventsOf(rows, RESULT).size === brunoResults + 1 &&
        eventsOf(rows, BILLED).size >= 3 &&
        eventsOf(rows, CONFIRMED).size >= 3 &&
        rows.every((n) => n.status !== 'NOTIFICATION_STATUS_PENDING')
      );
    });
    const after = await history(ana);
    assert.deepEqual(
      after.map((n) => n.notificationId).sort(),
      before.map((n) => n.notificationId).sort(),
      'no notification for Ana since she turned e-mail off',
    );
    assert.equal(mailTo(ana).length, mailsBefore, 'no e-mail to Ana');
    assert.ok(
      mailTo(bruno).some((m) => /parcela/i.test(m.subject) && m.text.length > 0),
      'Bruno still gets his',
    );
    const installments = await p.call('GET', `/v1/quotas/${ana.quotaId}/installments`, { token: ana.token });
    assert.ok(
      (installments.body.installments as { period: number; status: string }[]).some(
        (i) => i.period === 3 && i.status === 'INSTALLMENT_STATUS_PAID',
      ),
      'Ana’s installment 3 was billed and paid all the same',
    );
  });

  it('exports the member’s own data to them, and to nobody else but an admin', async () => {
    const r = await p.call('GET', `/v1/members/${ana.memberId}:export`, { token: ana.token });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const m = r.body.member;
    assert.deepEqual([m.name, m.email], [ana.name, ana.email]);
    assert.equal(m.phone.replace(/\D/g, ''), ana.phone.replace(/\D/g, ''), 'the phone (kept as digits)');
    assert.equal(m.document.replace(/\D/g, ''), ana.document, 'the document unmasked');
    assert.deepEqual(
      (r.body.quotas as { quotaId: string }[]).map((q) => q.quotaId),
      [ana.quotaId],
    );
    assert.ok(r.body.exportedAt);
    const other = await p.call('GET', `/v1/members/${bruno.memberId}:export`, { token: ana.token });
    assert.equal(other.status, 403);
    const byAdmin = await p.call('GET', `/v1/members/${bruno.memberId}:export`, { token: admin });
    assert.equal(byAdmin.body.member.email, bruno.email);
  });

  it('keeps none of it in clear in the groups.members row', async () => {
    const { rows } = await db.raw<{ rows: { row: string }[] }>(
      'select row_to_json(m)::text as row from groups.members m where id = ?',
      [ana.memberId],
    );
    assert.equal(rows.length, 1, 'the member’s row');
    const raw = rows[0]!.row;
    for (const value of [ana.name, ana.email, ana.phone, ana.document, ana.phone.slice(3), ana.email.split('@')[0]!]) {
      assert.ok(!raw.includes(value), `the row holds ${value} in clear`);
    }
    assert.match(raw, /"name_enc":"v1:/, 'the name is stored encrypted');
  });

  it('refuses to erase a member who holds a record in an open group (legal_retention)', async () => {
    const byMember = await p.call('POST', `/v1/members/${ana.memberId}:erase`, { token: ana.token, body: {} });
    assert.equal(byMember.status, 403);
    const r = await p.call('POST', `/v1/members/${ana.memberId}:erase`, { token: admin, body: {} });
    assert.equal(r.status, 400, JSON.stringify(r.body));
    assert.match(r.body.message, /legal_retention/);
    const still = await p.call('GET', `/v1/members/${ana.memberId}:export`, { token: ana.token });
    assert.equal(still.body.member.name, ana.name, 'nothing was erased');
  });
});
