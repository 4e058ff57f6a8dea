import type { AttemptResult } from '../domain/backoff';
import type { NotificationRow } from '../db/notifications-repo';

/** Delivers one notification on its channel and says how it went (never throws for a delivery failure). */
export type ChannelSender = (n: NotificationRow) => Promise<AttemptResult>;

const EMAIL = /[^\s<>@"']+@[^\s<>@"']+\.[^\s<>@"',;]+/g;
const PHONE = /\+?\d[\d\s().-]{7,}\d/g;

/**
 * Removes e-mail addresses and phone numbers (10 digits or more: DDD and number) from a server's reply or an error before it is stored or logged (an
 * SMTP rejection names the recipient): the delivery log keeps no personal data.
 */
export function redactContacts(text: string): string {
  const phone = (m: string) => (m.replace(/\D/g, '').length >= 10 ? '[phone]' : m);
  return text.replace(EMAIL, '[e-mail]').replace(PHONE, phone).slice(0, 1000);
}

/** The message of an unknown error, redacted. */
export function errorText(err: unknown): string {
  return redactContacts(err instanceof Error ? err.message : String(err));
}

/** 408, 429 and 5xx are worth retrying; any other 4xx will not get better by itself. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** POSTs a JSON body; resolves the receiver's status, or a failure result for a network error or timeout. */
export async function postJson(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<{ status: number } | { error: string }> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
    await res.body?.cancel().catch(() => undefined);
    return { status: res.status };
  } catch (err) {
    return { error: errorText(err) };
  }
}
