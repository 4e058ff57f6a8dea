import type { Knex } from 'knex';
import type { Logger } from '@consorcio/shared/log';
import { nextStep, type AttemptResult, type RetryPolicy } from '../domain/backoff';
import type { Channel } from '../domain/kinds';
import { dueNotifications, recordAttempt, type NotificationRow } from '../db/notifications-repo';
import { errorText, type ChannelSender } from '../channels/channel-sender';

/** What the delivery worker needs. */
export interface DeliveryOptions {
  db: Knex;
  senders: Partial<Record<Channel, ChannelSender>>;
  retry: RetryPolicy;
  log: Logger;
  /** Notifications taken per round (default 50). */
  batchSize?: number;
  /** Deliveries in flight at once within a round (default 8). */
  concurrency?: number;
  /** For tests of the jitter; Math.random by default. */
  random?: () => number;
}

/**
 * One round of the delivery worker: takes the pending notifications that are due, delivers each on its channel,
 * and logs every attempt (outcome, HTTP status or SMTP reply, error, duration) with the notification's new state
 * in one transaction. Runs in one replica at a time (a leased loop), after the rows were committed by the consumer.
 * Resolves true when the round was full, so the loop goes again at once.
 */
export async function deliverDue(o: DeliveryOptions): Promise<boolean> {
  const batchSize = o.batchSize ?? 50;
  const due = await dueNotifications(o.db, batchSize);
  const queue = [...due];
  const workers = Array.from({ length: Math.min(o.concurrency ?? 8, queue.length) }, async () => {
    for (let n = queue.shift(); n; n = queue.shift()) await deliverOne(o, n);
  });
  await Promise.all(workers);
  return due.length === batchSize;
}

async function attemptDelivery(o: DeliveryOptions, n: NotificationRow): Promise<AttemptResult> {
  const sender = o.senders[n.channel];
  if (!sender) return { ok: false, skipped: true, error: `channel ${n.channel} is not configured` };
  try {
    return await sender(n);
  } catch (err) {
    // A contact lookup that failed (groups unreachable) or a bug in a sender: try again later.
    return { ok: false, permanent: false, error: errorText(err) };
  }
}

async function deliverOne(o: DeliveryOptions, n: NotificationRow): Promise<void> {
  const attempt = n.attempts + 1;
  const attemptedAt = new Date();
  const result = await attemptDelivery(o, n);
  const durationMs = Date.now() - attemptedAt.getTime();
  const step = nextStep(attempt, result, o.retry, o.random);
  await recordAttempt(o.db, {
    notificationId: n.id,
    attempt,
    attemptedAt,
    outcome: step.outcome,
    status: step.status,
    delayMs: step.status === 'PENDING' ? step.delayMs : 0,
    httpStatus: result.ok || !('skipped' in result) ? result.httpStatus : undefined,
    smtpResponse: result.ok || !('skipped' in result) ? result.smtpResponse : undefined,
    error: result.ok ? undefined : result.error,
    durationMs,
  });
  const fields = { notificationId: n.id, channel: n.channel, kind: n.kind, attempt, outcome: step.outcome };
  if (step.outcome === 'FAILED') {
    o.log.warn({ payload: { ...fields, error: result.ok ? undefined : result.error } }, 'notification failed');
  } else o.log.debug({ payload: fields }, 'notification attempt');
}
