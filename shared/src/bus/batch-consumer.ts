import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import type { AmqpChannelSource } from './amqp-connection';
import { backoffDelay, sleep } from './backoff';
import { silentLogger, type BusLogger } from './bus-logger';
import { ConsumeLoop } from './consume-loop';
import { routeFailedMessage, safeAck } from './delivery';
import { readEventMeta, type EventMeta } from './event-headers';
import { parkedQueueName } from './retry-policy';
import { declareTopology } from './topology';

/** One delivery of a batch: its metadata and its body, exactly as published. */
export interface BatchItem {
  meta: EventMeta;
  body: Buffer;
}

/** Options of a {@link BatchConsumer}. */
export interface BatchConsumerOptions {
  connection: AmqpChannelSource;
  /** The consumer's own queue, `<consumer-service>.<purpose>`. */
  queue: string;
  /** Routing patterns bound to the queue (`#` for every event). */
  bindings: readonly string[];
  /** Default `consorcio.events`. */
  exchange?: string;
  /** Most items per flush (default 500). */
  maxBatch?: number;
  /** How long a partial batch waits for more, ms (default 20). */
  lingerMs?: number;
  /** Unacked deliveries at a time (default 2 × maxBatch, so one batch fills while the previous one flushes). */
  prefetch?: number;
  /** Events acked without being handed to `flush` (say, the consumer's own). */
  skip?: (meta: EventMeta) => boolean;
  /**
   * Writes a batch durably, in delivery order; each delivery is acked only after it resolves. Must be idempotent
   * per event id: a redelivered event may come again in a later batch.
   */
  flush: (items: BatchItem[]) => Promise<void>;
  log?: BusLogger;
}

interface Pending extends BatchItem {
  msg: ConsumeMessage;
  ch: ConfirmChannel;
  done: () => void;
}

/**
 * Consumes a queue in batches for throughput: deliveries gather until `maxBatch` or `lingerMs`, one `flush` writes
 * them, then they are acked — never before. A failing flush is retried with backoff while the deliveries stay
 * unacked (a stop or a lost channel hands them back to the broker). One consumer of the queue is active at a time
 * (single-active-consumer), so replicas append in one order. A message without valid event headers is parked.
 */
export class BatchConsumer {
  private readonly loop: ConsumeLoop;
  private readonly log: BusLogger;
  private readonly maxBatch: number;
  private buffer: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private readonly stopping = new AbortController();

  constructor(private readonly o: BatchConsumerOptions) {
    this.log = o.log ?? silentLogger;
    this.maxBatch = o.maxBatch ?? 500;
    this.loop = new ConsumeLoop({
      connection: o.connection,
      log: this.log,
      name: o.queue,
      setup: (ch) => this.setup(ch),
    });
  }

  start(): Promise<void> {
    return this.loop.start();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    this.flushSoon(0);
    await this.loop.stop();
  }

  private async setup(ch: ConfirmChannel): Promise<void> {
    await declareTopology(ch, {
      exchange: this.o.exchange,
      queue: this.o.queue,
      patterns: this.o.bindings,
      retryDelaysMs: [],
      singleActiveConsumer: true,
    });
    await ch.prefetch(this.o.prefetch ?? this.maxBatch * 2);
    await this.loop.consume(ch, this.o.queue, (msg, channel) => this.receive(msg, channel));
  }

  private receive(msg: ConsumeMessage, ch: ConfirmChannel): Promise<void> {
    let meta: EventMeta;
    try {
      meta = readEventMeta(msg);
    } catch (err) {
      const route = { action: 'park' as const, queue: parkedQueueName(this.o.queue), attempt: 1 };
      return routeFailedMessage(ch, msg, route, err, this.log);
    }
    if (this.o.skip?.(meta)) {
      safeAck(ch, msg, this.log);
      return Promise.resolve();
    }
    return new Promise((done) => {
      this.buffer.push({ meta, body: msg.content, msg, ch, done });
      this.flushSoon(this.buffer.length >= this.maxBatch ? 0 : (this.o.lingerMs ?? 20));
    });
  }

  private flushSoon(delayMs: number): void {
    if (this.timer && delayMs > 0) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const batch = this.buffer.splice(0, this.maxBatch);
      if (batch.length > 0) this.flushing = this.flushing.then(() => this.write(batch));
      if (this.buffer.length > 0) this.flushSoon(0);
    }, delayMs);
  }

  private async write(batch: Pending[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.o.flush(batch.map(({ meta, body }) => ({ meta, body })));
        for (const p of batch) safeAck(p.ch, p.msg, this.log);
        break;
      } catch (err) {
        this.log.warn({ err, queue: this.o.queue, size: batch.length, attempt }, 'batch not written; retrying');
        if (this.stopping.signal.aborted) break; // left unacked: the broker hands them out again
        await sleep(backoffDelay(attempt), this.stopping.signal);
      }
    }
    for (const p of batch) p.done();
  }
}
