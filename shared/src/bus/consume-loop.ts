import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import { openConfirmChannel, type AmqpChannelSource } from './amqp-connection';
import { backoffDelay, sleep } from './backoff';
import type { BusLogger } from './bus-logger';

/** What a {@link ConsumeLoop} needs from its owner. */
export interface ConsumeLoopOptions {
  connection: AmqpChannelSource;
  log: BusLogger;
  /** For logs, e.g. the queue name. */
  name: string;
  /** Declares topology, sets prefetch and calls `loop.consume(...)` on each fresh channel. */
  setup(ch: ConfirmChannel): Promise<void>;
  /**
   * Cancel the consumers before waiting for in-flight handlers on stop (default true). A mailbox
   * turns it off: on RabbitMQ 3.10 cancelling a single-active consumer hands the queue to the
   * standby at once, while our last message may still be in flight, breaking per-key order.
   */
  cancelOnStop?: boolean;
  /** Pause between the last ack and closing the channel on stop, so acks reach the broker (ms, default 250). */
  drainMs?: number;
}

/** Handles one delivery; resolves once it was acked (or deliberately left unacked). */
export type DeliveryHandler = (msg: ConsumeMessage, ch: ConfirmChannel) => Promise<void>;

/**
 * The consuming side's connection lifecycle, shared by `Consumer` and `Mailbox`: opens a confirm
 * channel, runs `setup`, and when the channel closes (broker restart, connection loss, queue
 * deleted) opens a new one after a capped backoff and sets up again — re-declaring the topology
 * and consuming anew. Tracks in-flight handlers so `stop()` can wait for them.
 */
export class ConsumeLoop {
  private readonly abort = new AbortController();
  private readonly inFlight = new Set<Promise<void>>();
  private channel: ConfirmChannel | undefined;
  private tags: string[] = [];
  private running: Promise<void> | undefined;

  constructor(private readonly options: ConsumeLoopOptions) {}

  private get stopping(): boolean {
    return this.abort.signal.aborted;
  }

  /** Starts the loop; resolves once the first setup succeeded (it keeps retrying until then). */
  start(): Promise<void> {
    if (this.running) throw new Error(`${this.options.name}: already started`);
    return new Promise((resolve) => {
      this.running = this.run(resolve);
    });
  }

  /**
   * Registers a consumer on `queue` (call from `setup`). Deliveries run `handler` at once, inside
   * the context the amqplib instrumentation set for its consume span; once stopping, new
   * deliveries are left unacked so the broker hands them to another consumer.
   */
  async consume(ch: ConfirmChannel, queue: string, handler: DeliveryHandler): Promise<void> {
    const { consumerTag } = await ch.consume(queue, (msg) => {
      if (msg === null) {
        // The broker cancelled us (queue deleted, failover): a new session re-declares and resumes.
        this.options.log.warn({ queue }, 'consumer cancelled by the broker; resubscribing');
        void ch.close().catch(() => undefined);
        return;
      }
      if (this.stopping) return;
      const task = handler(msg, ch)
        .catch((err: unknown) => this.options.log.error({ err, queue }, 'delivery handler crashed'))
        .finally(() => this.inFlight.delete(task));
      this.inFlight.add(task);
    });
    this.tags.push(consumerTag);
  }

  /**
   * Graceful stop: stop taking deliveries (cancelling the consumers unless `cancelOnStop` is off),
   * wait for in-flight handlers, let the acks drain, then close the channel. Messages delivered but
   * not handled go back to the queue.
   */
  async stop(): Promise<void> {
    if (this.stopping) return this.running;
    this.abort.abort();
    const ch = this.channel;
    if (ch && this.options.cancelOnStop !== false) {
      for (const tag of this.tags) await ch.cancel(tag).catch(() => undefined);
    }
    await Promise.allSettled([...this.inFlight]);
    if (ch) {
      await sleep(this.options.drainMs ?? 250);
      await ch.close().catch(() => undefined);
    }
    await this.running;
  }

  private async run(onReady: () => void): Promise<void> {
    const { log, name } = this.options;
    let failures = 0;
    while (!this.stopping) {
      const ch = await openConfirmChannel(this.options.connection, this.abort.signal, log).catch((err: unknown) => {
        log.warn({ err, name }, 'could not open a channel');
        return undefined;
      });
      if (ch) {
        const closed = new Promise<void>((resolve) => ch.once('close', () => resolve()));
        try {
          this.channel = ch;
          this.tags = [];
          await this.options.setup(ch);
          failures = 0;
          onReady();
          log.info({ name }, 'consuming');
          if (this.stopping) await ch.close().catch(() => undefined);
          await closed;
          if (!this.stopping) log.warn({ name }, 'channel closed; resubscribing');
        } catch (err) {
          log.warn({ err, name }, 'consumer setup failed; retrying');
          await ch.close().catch(() => undefined);
        }
        this.channel = undefined;
      }
      if (!this.stopping) await sleep(backoffDelay(++failures), this.abort.signal);
    }
    onReady(); // stopped before the first setup: start() must not hang
  }
}
