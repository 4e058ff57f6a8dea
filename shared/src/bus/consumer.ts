import { context } from '@opentelemetry/api';
import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import type { Knex } from 'knex';
import type { AmqpChannelSource } from './amqp-connection';
import { silentLogger, type BusLogger } from './bus-logger';
import { ConsumeLoop } from './consume-loop';
import { applyOnce, deliveryContext, routeFailedMessage, safeAck } from './delivery';
import { attemptOf, readEventMeta, type EventMeta } from './event-headers';
import { routeFailure } from './retry-policy';
import { findHandler } from './topic-match';
import { DEFAULT_RETRY_DELAYS_MS, declareTopology } from './topology';

/** What a handler gets: the consumer's transaction, the event's metadata and its protobuf body. */
export interface EventContext {
  /** Write the effect with it: it also records the event in the inbox, so the effect happens once. */
  trx: Knex.Transaction;
  meta: EventMeta;
  body: Buffer;
}

/** Applies one event. Throw to retry (transient errors) or park (permanent ones, `!isTransient`). */
export type EventHandler = (ctx: EventContext) => Promise<void>;

/** Options of a {@link Consumer}. */
export interface ConsumerOptions {
  connection: AmqpChannelSource;
  db: Knex;
  /** The consuming service's schema, holding its `inbox`. */
  schema: string;
  /** The consumer's own queue, `<consumer-service>.<purpose>`; also its name in the inbox. */
  queue: string;
  /** Handlers by routing key or topic pattern (`groups.group.created`, `payments.#`). */
  handlers: Readonly<Record<string, EventHandler>>;
  /** Patterns bound to the queue (default: the handler keys). */
  bindings?: readonly string[];
  /** Default `consorcio.events`. */
  exchange?: string;
  /** Unacked deliveries at a time (default 50). */
  prefetch?: number;
  /** Delay queues, in ms (default 1 s, 10 s, 60 s). */
  retryDelaysMs?: readonly number[];
  /** `x-delivery-limit` of the queue. */
  deliveryLimit?: number;
  /** Pause for acks to drain on stop, ms (default 250). */
  drainMs?: number;
  log?: BusLogger;
}

/**
 * Consumes a quorum queue bound to the events exchange, applying each event exactly once: the
 * handler runs in one transaction with the inbox insert, and the delivery is acked after commit.
 * Failures go through the delay queues, then `.parked` (at once for a permanent error). Survives
 * broker restarts by re-declaring and re-consuming.
 */
export class Consumer {
  private readonly loop: ConsumeLoop;
  private readonly log: BusLogger;
  private readonly retryDelaysMs: readonly number[];

  constructor(private readonly options: ConsumerOptions) {
    this.log = options.log ?? silentLogger;
    this.retryDelaysMs = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    this.loop = new ConsumeLoop({
      connection: options.connection,
      log: this.log,
      name: options.queue,
      drainMs: options.drainMs,
      setup: (ch) => this.setup(ch),
    });
  }

  /** Declares the topology and starts consuming; resolves once consuming (retrying until then). */
  start(): Promise<void> {
    return this.loop.start();
  }

  /** Cancels the consumer, waits for in-flight handlers, lets acks drain, closes the channel. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  private async setup(ch: ConfirmChannel): Promise<void> {
    const o = this.options;
    await declareTopology(ch, {
      exchange: o.exchange,
      queue: o.queue,
      patterns: o.bindings ?? Object.keys(o.handlers),
      retryDelaysMs: this.retryDelaysMs,
      deliveryLimit: o.deliveryLimit,
    });
    await ch.prefetch(o.prefetch ?? 50);
    await this.loop.consume(ch, o.queue, (msg, channel) => this.handle(msg, channel));
  }

  private handle(msg: ConsumeMessage, ch: ConfirmChannel): Promise<void> {
    return context.with(deliveryContext(msg), async () => {
      const { db, schema, queue, handlers } = this.options;
      try {
        const meta = readEventMeta(msg);
        const handler = findHandler(handlers, meta.eventType);
        if (!handler) {
          this.log.warn({ eventType: meta.eventType, queue }, 'no handler for event; acked without effect');
        } else {
          const outcome = await applyOnce(db, schema, queue, meta.eventId, (trx) =>
            handler({ trx, meta, body: msg.content }),
          );
          if (outcome === 'duplicate') this.log.debug({ eventId: meta.eventId, queue }, 'duplicate event ignored');
        }
        safeAck(ch, msg, this.log);
      } catch (err) {
        await routeFailedMessage(ch, msg, routeFailure(queue, attemptOf(msg), err, this.retryDelaysMs), err, this.log);
      }
    });
  }
}
