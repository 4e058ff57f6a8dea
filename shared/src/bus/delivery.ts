import { context, propagation, trace, type Context } from '@opentelemetry/api';
import type { ConfirmChannel, ConsumeMessage, Options } from 'amqplib';
import type { Knex } from 'knex';
import { qualifiedTable } from '../db';
import type { BusLogger } from './bus-logger';
import { failurePublishOptions } from './event-headers';
import { describeError, type FailureRoute } from './retry-policy';

/**
 * Runs `apply` exactly once per (message id, consumer): one transaction inserts the id into
 * `<schema>.inbox` and, only when it was not there yet, runs `apply` with the same transaction.
 * A redelivery finds the row and changes nothing.
 */
export async function applyOnce(
  db: Knex,
  schema: string,
  consumer: string,
  messageId: string,
  apply: (trx: Knex.Transaction) => Promise<void>,
): Promise<'applied' | 'duplicate'> {
  return db.transaction(async (trx) => {
    const res = await trx.raw<{ rows: unknown[] }>(
      `insert into ${qualifiedTable(schema, 'inbox')} (event_id, consumer) values (?, ?)
       on conflict do nothing returning event_id`,
      [messageId, consumer],
    );
    if (res.rows.length === 0) return 'duplicate';
    await apply(trx);
    return 'applied';
  });
}

/**
 * The trace context a handler runs in: the active one when it already has a span (the amqplib
 * instrumentation's consume span, itself a child of the publisher), otherwise the one carried by
 * the message's `traceparent`/`tracestate` headers.
 */
export function deliveryContext(msg: Pick<ConsumeMessage, 'properties'>, active: Context = context.active()): Context {
  if (trace.getSpan(active)) return active;
  return propagation.extract(active, msg.properties.headers ?? {});
}

/** Acks unless the channel is gone (then the broker redelivers, which the inbox makes harmless). */
export function safeAck(ch: ConfirmChannel, msg: ConsumeMessage, log: BusLogger): void {
  try {
    ch.ack(msg);
  } catch (err) {
    log.debug({ err }, 'ack failed: channel closed; the message will be redelivered');
  }
}

/** Publishes to `queue` through the default exchange and waits for the broker's confirm. */
export function publishConfirmed(
  ch: ConfirmChannel,
  queue: string,
  content: Buffer,
  options: Options.Publish,
): Promise<void> {
  return new Promise((resolve, reject) => {
    try {
      ch.publish('', queue, content, options, (err: unknown) => (err ? reject(toError(err)) : resolve()));
    } catch (err) {
      reject(toError(err));
    }
  });
}

function toError(err: unknown): Error {
  return err instanceof Error ? err : new Error(`broker refused the message: ${String(err)}`);
}

/**
 * Moves a failed message where `route` says (a delay queue or `.parked`), carrying `x-attempt`,
 * `x-last-error` and `x-original-routing-key`, and acks the original only once the broker
 * confirmed the copy. If the copy cannot be published the original stays unacked and comes back.
 */
export async function routeFailedMessage(
  ch: ConfirmChannel,
  msg: ConsumeMessage,
  route: FailureRoute,
  err: unknown,
  log: BusLogger,
): Promise<void> {
  const lastError = describeError(err);
  const messageId: unknown = msg.properties.messageId;
  const fields = { queue: route.queue, attempt: route.attempt, messageId, lastError };
  if (route.action === 'park') log.error({ ...fields, err }, 'message parked');
  else log.warn({ ...fields, delayMs: route.delayMs }, 'message failed; retrying later');
  try {
    await publishConfirmed(ch, route.queue, msg.content, failurePublishOptions(msg, route.attempt, lastError));
  } catch (publishErr) {
    log.error({ err: publishErr, ...fields }, 'could not move a failed message; it will be redelivered');
    return;
  }
  safeAck(ch, msg, log);
}
