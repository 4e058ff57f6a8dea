import type { AttemptResult } from '../domain/backoff';
import type { NotificationRow } from '../db/notifications-repo';
import { isRetryableStatus, postJson, type ChannelSender } from './channel-sender';
import type { ContactBook } from './contacts';

/** One short message for an SMS or push gateway. */
export interface ProviderMessage {
  /** The phone number (SMS) or the member id (push: the provider maps members to devices). */
  to: string;
  text: string;
  /** Our id for it: the provider may dedupe retries on it. */
  notificationId: string;
}

/** An SMS or push gateway. */
export interface MessageProvider {
  send(m: ProviderMessage): Promise<AttemptResult>;
}

/**
 * A gateway reached over HTTP: POST `{to, text, notification_id}` as JSON with `Authorization: Bearer <token>`.
 * 2xx is sent; 408, 429 and 5xx are retried; another status is permanent.
 */
export function httpMessageProvider(o: { url: string; token?: string; timeoutMs?: number }): MessageProvider {
  return {
    async send(m) {
      const body = JSON.stringify({ to: m.to, text: m.text, notification_id: m.notificationId });
      const auth: Record<string, string> = o.token ? { authorization: `Bearer ${o.token}` } : {};
      const res = await postJson(o.url, body, auth, o.timeoutMs ?? 10_000);
      if ('error' in res) return { ok: false, permanent: false, error: res.error };
      if (res.status >= 200 && res.status < 300) return { ok: true, httpStatus: res.status };
      return {
        ok: false,
        permanent: !isRetryableStatus(res.status),
        error: `provider answered HTTP ${res.status}`,
        httpStatus: res.status,
      };
    },
  };
}

/** SMS: to the member's phone from groups (skipped when there is none), the short text. */
export function smsSender(provider: MessageProvider, contacts: ContactBook): ChannelSender {
  return async (n: NotificationRow) => {
    const contact = n.member_id ? await contacts.contactOf(n.member_id) : undefined;
    if (!contact?.phone) return { ok: false, skipped: true, error: 'no phone number on file' };
    return provider.send({ to: contact.phone, text: n.short_text, notificationId: n.id });
  };
}

/** Push: addressed by member id (no contact data needed), the short text. */
export function pushSender(provider: MessageProvider): ChannelSender {
  return (n: NotificationRow) =>
    n.member_id
      ? provider.send({ to: n.member_id, text: n.short_text, notificationId: n.id })
      : Promise.resolve({ ok: false, skipped: true, error: 'no member' });
}
