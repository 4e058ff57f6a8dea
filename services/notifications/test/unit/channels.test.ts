import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { NotificationRow } from '../../src/db/notifications-repo';
import { emailSender, fileTransport, type MailMessage, type MailTransport } from '../../src/channels/email';
import { pushSender, smsSender, type ProviderMessage } from '../../src/channels/http-message-provider';
import type { ContactBook } from '../../src/channels/contacts';

const row = (over: Partial<NotificationRow> = {}): NotificationRow => ({
  id: '01a215ff-6207-7788-b5f7-6ffd4654a555',
  event_id: 'e',
  kind: 'installment_billed',
  channel: 'EMAIL',
  recipient_id: 'm-1',
  member_id: 'm-1',
  endpoint_id: null,
  group_id: null,
  quota_id: null,
  template_id: 'installment_billed',
  template_version: 1,
  subject: 'Parcela 3 da cota 0003-1: R$ 1.234,56, vencimento 10/03/2026',
  body: 'Olá,\n\nValor: R$ 1.234,56',
  short_text: 'Consórcio: parcela 3',
  payload: null,
  status: 'PENDING',
  attempts: 0,
  next_attempt_at: new Date(),
  last_error: null,
  created_at: new Date(),
  sent_at: null,
  claim_token: null,
  claimed_at: null,
  ...over,
});

const book = (contacts: Record<string, { email: string; phone: string }>): ContactBook => ({
  contactOf: (id) => Promise.resolve(contacts[id]),
});

const transport = (send: (m: MailMessage) => Promise<string>): MailTransport => ({ send, close: () => undefined });

describe('channels', () => {
  it('e-mails the member at the address groups has, and keeps the server reply', async () => {
    const sent: MailMessage[] = [];
    const send = emailSender(
      transport((m) => {
        sent.push(m);
        return Promise.resolve('250 2.0.0 Ok: queued');
      }),
      book({ 'm-1': { email: 'ana@example.test', phone: '' } }),
      'avisos@consorcio.test',
    );
    assert.deepEqual(await send(row()), { ok: true, smtpResponse: '250 2.0.0 Ok: queued' });
    assert.equal(sent[0]?.to, 'ana@example.test');
  });

  it('skips a member without an address, and fails for good on an SMTP 5xx (redacted)', async () => {
    const noMail = emailSender(
      transport(() => Promise.reject(new Error('unused'))),
      book({}),
      'x@y.test',
    );
    assert.deepEqual(await noMail(row()), { ok: false, skipped: true, error: 'no e-mail address on file' });
    const rejected = Object.assign(new Error('Recipient rejected: ana@example.test'), {
      responseCode: 550,
      response: '550 5.1.1 <ana@example.test> unknown',
    });
    const bounce = emailSender(
      transport(() => Promise.reject(rejected)),
      book({ 'm-1': { email: 'ana@example.test', phone: '' } }),
      'x@y.test',
    );
    assert.deepEqual(await bounce(row()), {
      ok: false,
      permanent: true,
      error: 'Recipient rejected: [e-mail]',
      smtpResponse: '550 5.1.1 <[e-mail]> unknown',
    });
    const busy = emailSender(
      transport(() => Promise.reject(Object.assign(new Error('try later'), { responseCode: 421 }))),
      book({ 'm-1': { email: 'ana@example.test', phone: '' } }),
      'x@y.test',
    );
    assert.equal(((await busy(row())) as { permanent: boolean }).permanent, false);
  });

  it('writes whole .eml files when there is no SMTP server', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'notifications-mail-'));
    const mail = fileTransport(dir);
    const reply = await mail.send({
      from: 'avisos@consorcio.test',
      to: 'ana@example.test',
      subject: 'Pagamento confirmado: R$ 987,65',
      text: 'Olá,\n\nConfirmamos o pagamento.',
      notificationId: 'n-1',
    });
    assert.equal(reply, 'written n-1.eml');
    assert.deepEqual(readdirSync(dir), ['n-1.eml']);
    const eml = readFileSync(path.join(dir, 'n-1.eml'), 'utf8');
    assert.match(eml, /^To: ana@example\.test$/m);
    assert.match(eml, /^X-Consorcio-Notification-Id: n-1$/im);
    assert.match(eml, /^Ol=C3=A1,$/m);
    mail.close();
  });

  it('texts the phone from groups (none: skipped) and pushes by member id', async () => {
    const got: ProviderMessage[] = [];
    const provider = {
      send: (m: ProviderMessage) => {
        got.push(m);
        return Promise.resolve({ ok: true as const, httpStatus: 202 });
      },
    };
    const sms = smsSender(provider, book({ 'm-1': { email: '', phone: '+5511987654321' } }));
    assert.deepEqual(await sms(row({ channel: 'SMS' })), { ok: true, httpStatus: 202 });
    assert.deepEqual(await sms(row({ channel: 'SMS', member_id: 'm-2' })), {
      ok: false,
      skipped: true,
      error: 'no phone number on file',
    });
    await pushSender(provider)(row({ channel: 'PUSH' }));
    assert.deepEqual(
      got.map((m) => [m.to, m.text]),
      [
        ['+5511987654321', 'Consórcio: parcela 3'],
        ['m-1', 'Consórcio: parcela 3'],
      ],
    );
  });
});
