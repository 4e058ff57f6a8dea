import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Knex } from 'knex';
import { systemClock } from '@consorcio/shared/clock';
import { createDb, migrateUp } from '@consorcio/shared/db';
import { newId } from '@consorcio/shared/ids';
import { createLogger } from '@consorcio/shared/log';
import { infraUrls } from '@consorcio/shared/testing';
import { deliverDue } from '../../src/app/deliver';
import type { ChannelSender } from '../../src/channels/channel-sender';
import { claimDueNotifications, recordAttempt } from '../../src/db/notifications-repo';
import { DEFAULT_RETRY_POLICY } from '../../src/domain/backoff';

const log = createLogger({ service: 'notifications-test', level: 'silent' });
const clock = systemClock;

describe('notification delivery claims (integration)', function () {
  this.timeout(30_000);
  let db: Knex;

  before(async () => {
    db = createDb({ url: infraUrls('test').databaseUrl, applicationName: 'notifications-claims-test', poolMax: 20 });
    await db.raw('drop schema if exists notifications cascade');
    await migrateUp(db, 'notifications');
  });
  after(async () => db?.destroy());
  beforeEach(async () => {
    await db('notifications.delivery_attempts').delete();
    await db('notifications.notifications').delete();
  });

  const pendingRows = async (n: number): Promise<string[]> => {
    const ids = Array.from({ length: n }, () => newId());
    await db('notifications.notifications').insert(
      ids.map((id) => ({
        id,
        event_id: newId(),
        kind: 'payment_confirmed',
        channel: 'EMAIL',
        recipient_id: newId(),
        template_id: 'payment-confirmed',
        template_version: 1,
        subject: 'Pagamento confirmado',
        body: 'Confirmamos o pagamento.',
        short_text: 'Pagamento confirmado',
      })),
    );
    return ids;
  };

  /** An e-mail sender that takes its time (the rounds overlap) and counts what it sent. */
  const slowSender = (sent: string[]): ChannelSender => {
    return async (n) => {
      sent.push(n.id);
      await sleep(30);
      return { ok: true, smtpResponse: '250 OK' };
    };
  };

  it('sends each notification once when rounds run at the same time over the same rows', async () => {
    const ids = await pendingRows(40);
    const sent: string[] = [];
    const round = () =>
      deliverDue({ db, senders: { EMAIL: slowSender(sent) }, retry: DEFAULT_RETRY_POLICY, log, clock, batchSize: 50 });
    await Promise.all([round(), round(), round()]);

    assert.equal(sent.length, ids.length, 'no notification sent twice');
    assert.deepEqual([...sent].sort(), [...ids].sort());
    const rows = await db('notifications.notifications').select<{ status: string; claim_token: string | null }[]>();
    assert.ok(rows.every((r) => r.status === 'SENT' && r.claim_token === null));
    const [attempts] = await db('notifications.delivery_attempts').count<{ count: string }[]>('* as count');
    assert.equal(Number(attempts?.count), ids.length);
  });

  it('leaves the rows of a round that died alone until its lease passes, then sends them once', async () => {
    const ids = await pendingRows(3);
    // A round claims the rows and its process dies before sending or recording anything.
    const dead = newId();
    assert.equal((await claimDueNotifications(db, 50, 400, dead)).length, 3);
    const sent: string[] = [];
    const round = () =>
      deliverDue({
        db,
        senders: { EMAIL: slowSender(sent) },
        retry: DEFAULT_RETRY_POLICY,
        log,
        clock,
        claimLeaseMs: 400,
      });
    await round();
    assert.equal(sent.length, 0, 'claimed by another round: not due yet');

    await sleep(500);
    await round();
    assert.deepEqual([...sent].sort(), [...ids].sort());
    // The dead round coming back late cannot record over the new claim's result.
    const late = await recordAttempt(db, {
      notificationId: ids[0]!,
      claimToken: dead,
      attempt: 1,
      attemptedAt: new Date(),
      outcome: 'FAILED',
      status: 'FAILED',
      delayMs: 0,
      httpStatus: undefined,
      smtpResponse: undefined,
      error: 'late',
      durationMs: 1,
    });
    assert.equal(late, false);
    const row = await db('notifications.notifications').where({ id: ids[0] }).first<{ status: string }>();
    assert.equal(row?.status, 'SENT');
  });
});
