import { performance } from 'node:perf_hooks';
import type { Knex } from 'knex';
import type { Clock } from '@consorcio/shared/clock';
import type { Logger } from '@consorcio/shared/log';
import { nextStep, type AttemptResult, type RetryPolicy } from '../domain/backoff';
import type { Channel } from '../domain/kinds';
import { newId } from '@consorcio/shared/ids';
import { claimDueNotifications, recordAttempt, type ClaimedNotification } from '../db/notifications-repo';
import { errorText, type ChannelSender } from '../channels/channel-sender';

/** What the delivery worker needs. */
export interface DeliveryOptions {
  db: Knex;
  senders: Partial<Record<Channel, ChannelSender>>;
  retry: RetryPolicy;
  log: Logger;
  /** When each attempt happened, for the delivery log (the service's clock, like every other date it keeps). */
  clock: Clock;
  /** Notifications taken per round (default 50). */
  batchSize?: number;
  /** Deliveries in flight at once within a round (default 8). */
  concurrency?: number;
  /**
   * How long a round holds the rows it claimed (default 5 min): longer than any send can take (the channels time
   * out well before), so nobody else sends them meanwhile; should the round die, they are due again after it.
   */
  claimLeaseMs?: number;
  /** For tests of the jitter; Math.random by default. */
  random?: () => number;
}

export const DEFAULT_CLAIM_LEASE_MS = 300_000;

/**
 * One round of the delivery worker: claims the pending notifications that are due (FOR UPDATE SKIP LOCKED, a
 * token and a lease), delivers each on its channel, and logs every attempt (outcome, HTTP status or SMTP reply,
 * error, duration) with the notification's new state in one transaction, under the claim. The leased loop keeps
 * one replica at it, but the claim is what makes a notification go out once: two rounds at the same time (a
 * session that lost the lease mid-round and the one that took it over) claim different rows.
 * Resolves true when the round was full, so the loop goes again at once.
 */
export async function deliverDue(o: DeliveryOptions): Promise<boolean> {
  const batchSize = o.batchSize ?? 50;
  const due = await claimDueNotifications(o.db, batchSize, o.claimLeaseMs ?? DEFAULT_CLAIM_LEASE_MS, newId());
  const queue = [...due];
  const workers = Array.from({ length: Math.min(o.concurrency ?? 8, queue.length) }, async () => {
    for (let n = queue.shift(); n; n = queue.shift()) await deliverOne(o, n);
  });
  await Promise.all(workers);
  return due.length === batchSize;
}

async function attemptDelivery(o: DeliveryOptions, n: ClaimedNotification): Promise<AttemptResult> {
  const sender = o.senders[n.channel];
  if (!sender) return { ok: false, skipped: true, error: `channel ${n.channel} is not configured` };
  try {
    return await sender(n);
  } catch (err) {
    // A contact lookup that failed (groups unreachable) or a bug in a sender: try again later.
    return { ok: false, permanent: false, error: errorText(err) };
  }
}

async function deliverOne(o: DeliveryOptions, n: ClaimedNotification): Promise<void> {
  const attempt = n.attempts + 1;
  const attemptedAt = o.clock.now();
  const started = performance.now();
  const result = await attemptDelivery(o, n);
  const durationMs = Math.round(performance.now() - started);
  const step = nextStep(attempt, result, o.retry, o.random);
  const recorded = await recordAttempt(o.db, {
    notificationId: n.id,
    claimToken: n.claim_token,
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
  if (!recorded) {
    // Skipped meanwhile (the member was erased) or, past the lease, claimed by another round: not ours to record.
    o.log.warn({ payload: fields }, 'notification attempt not recorded: its claim was lost');
    return;
  }
  if (step.outcome === 'FAILED') {
    o.log.warn({ payload: { ...fields, error: result.ok ? undefined : result.error } }, 'notification failed');
  } else o.log.debug({ payload: fields }, 'notification attempt');
}
