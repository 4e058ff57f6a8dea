import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { NotificationRow } from '../db/notifications-repo';
import { errorText, redactContacts, type ChannelSender } from './channel-sender';
import type { ContactBook } from './contacts';

/** One e-mail to send. */
export interface MailMessage {
  from: string;
  to: string;
  subject: string;
  text: string;
  notificationId: string;
}

/** Sends mail: over SMTP, or into files for local runs. */
export interface MailTransport {
  /** Resolves the server's reply (`250 …`) or the file written; rejects with nodemailer's error. */
  send(m: MailMessage): Promise<string>;
  close(): void;
}

const headersOf = (m: MailMessage) => ({ 'X-Consorcio-Notification-Id': m.notificationId });

/** Real SMTP through nodemailer (`smtp://user:pass@host:587`, `smtps://…` for implicit TLS). */
export function smtpTransport(url: string): MailTransport {
  const transporter = nodemailer.createTransport(url);
  return {
    async send(m) {
      const info = await transporter.sendMail({ ...m, headers: headersOf(m) });
      return String(info.response);
    },
    close: () => transporter.close(),
  };
}

/**
 * Local runs without SMTP: nodemailer builds the whole RFC 5322 message (its stream transport) and it is written to
 * `<dir>/<notification id>.eml`, which any mail client opens.
 */
export function fileTransport(dir: string): MailTransport {
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(m) {
      const info = await transporter.sendMail({ ...m, headers: headersOf(m) });
      await mkdir(dir, { recursive: true });
      const file = path.join(dir, `${m.notificationId}.eml`);
      await writeFile(file, info.message as Buffer);
      return `written ${path.basename(file)}`;
    },
    close: () => transporter.close(),
  };
}

/** The SMTP reply code of a nodemailer error, when the server gave one. */
function replyCode(err: unknown): number | undefined {
  const code = (err as { responseCode?: unknown }).responseCode;
  return typeof code === 'number' ? code : undefined;
}

/** E-mail: the member's address from groups, the rendered subject and body; an SMTP 5xx reply is permanent. */
export function emailSender(mail: MailTransport, contacts: ContactBook, from: string): ChannelSender {
  return async (n: NotificationRow) => {
    const contact = n.member_id ? await contacts.contactOf(n.member_id) : undefined;
    if (!contact?.email) return { ok: false, skipped: true, error: 'no e-mail address on file' };
    try {
      const reply = await mail.send({
        from,
        to: contact.email,
        subject: n.subject,
        text: n.body,
        notificationId: n.id,
      });
      return { ok: true, smtpResponse: redactContacts(reply) };
    } catch (err) {
      const code = replyCode(err);
      const response = (err as { response?: unknown }).response;
      return {
        ok: false,
        permanent: code !== undefined && code >= 500,
        error: errorText(err),
        ...(typeof response === 'string' ? { smtpResponse: redactContacts(response) } : {}),
      };
    }
  };
}
