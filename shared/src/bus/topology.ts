import type { Channel } from 'amqplib';
import { parkedQueueName, retryQueueName } from './retry-policy';

/** The one durable topic exchange every service publishes its events to. */
export const EVENTS_EXCHANGE = 'consorcio.events';

/** Delays of the retry queues in production: 1 s, 10 s, 60 s. */
export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [1_000, 10_000, 60_000];

/**
 * Redeliveries (nack/requeue, a consumer dying with the message) a quorum queue allows before it
 * dead-letters the message to `.parked`. Handler failures do not count: they go through the delay
 * queues. Generous, since a graceful restart also returns prefetched messages.
 */
export const DEFAULT_DELIVERY_LIMIT = 20;

/** A work queue with its delay queues and parked queue. */
export interface WorkQueueOptions {
  /** One delay queue per entry, `<queue>.retry.<n>` (1-based). Empty: failures park at once. */
  retryDelaysMs?: readonly number[];
  /** `x-delivery-limit` of the work queue (default {@link DEFAULT_DELIVERY_LIMIT}). */
  deliveryLimit?: number;
  /** `x-single-active-consumer`: one consumer at a time gets messages (the others stand by). */
  singleActiveConsumer?: boolean;
}

/**
 * Declares `queue` (quorum, explicit delivery limit, poison messages dead-lettered to
 * `<queue>.parked`), its delay queues `<queue>.retry.<n>` (quorum, message TTL, dead-lettered back
 * to `queue` through the default exchange) and `<queue>.parked`. Idempotent while the arguments
 * stay the same; RabbitMQ refuses (406 PRECONDITION_FAILED, closing the channel) a redeclaration
 * with different arguments, so changing a delay means deleting that delay queue first.
 */
export async function declareWorkQueue(ch: Channel, queue: string, options: WorkQueueOptions = {}): Promise<void> {
  const parked = parkedQueueName(queue);
  await ch.assertQueue(parked, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  await ch.assertQueue(queue, {
    durable: true,
    arguments: {
      'x-queue-type': 'quorum',
      'x-delivery-limit': options.deliveryLimit ?? DEFAULT_DELIVERY_LIMIT,
      'x-dead-letter-exchange': '',
      'x-dead-letter-routing-key': parked,
      ...(options.singleActiveConsumer ? { 'x-single-active-consumer': true } : {}),
    },
  });
  const delays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  for (const [i, ttl] of delays.entries()) {
    await ch.assertQueue(retryQueueName(queue, i + 1), {
      durable: true,
      arguments: {
        'x-queue-type': 'quorum',
        'x-message-ttl': ttl,
        'x-dead-letter-exchange': '',
        'x-dead-letter-routing-key': queue,
      },
    });
  }
}

/** What {@link declareTopology} declares for one consumer. */
export interface TopologyOptions extends WorkQueueOptions {
  /** Exchange name (default {@link EVENTS_EXCHANGE}; tests use their own). */
  exchange?: string;
  /** The consumer's queue, `<consumer-service>.<purpose>`. */
  queue: string;
  /** Routing patterns bound to the queue, e.g. `groups.group.*`, `payments.#`. */
  patterns: readonly string[];
}

/** Declares the events exchange (durable topic). Idempotent. */
export async function declareEventsExchange(ch: Channel, exchange = EVENTS_EXCHANGE): Promise<void> {
  await ch.assertExchange(exchange, 'topic', { durable: true });
}

/**
 * Declares a consumer's whole topology: the events exchange, its work queue with delay and parked
 * queues ({@link declareWorkQueue}) and one binding per pattern. Idempotent; bindings are only
 * added, so a pattern dropped from the list must be unbound by hand.
 */
export async function declareTopology(ch: Channel, options: TopologyOptions): Promise<void> {
  const exchange = options.exchange ?? EVENTS_EXCHANGE;
  await declareEventsExchange(ch, exchange);
  await declareWorkQueue(ch, options.queue, options);
  for (const pattern of options.patterns) await ch.bindQueue(options.queue, exchange, pattern);
}
