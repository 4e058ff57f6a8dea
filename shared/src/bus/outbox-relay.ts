import { context, propagation, ROOT_CONTEXT } from '@opentelemetry/api';
import type { ConfirmChannel } from 'amqplib';
import type { Knex } from 'knex';
import { qualifiedTable } from '../db';
import { openConfirmChannel, type AmqpChannelSource } from './amqp-connection';
import { silentLogger, type BusLogger } from './bus-logger';
import { eventPublishOptions, HEADER } from './event-headers';
import { LeasedLoop } from './leased-loop';
import { declareEventsExchange, EVENTS_EXCHANGE } from './topology';

/** Options of an {@link OutboxRelay}. */
export interface OutboxRelayOptions {
  db: Knex;
  /** The service's schema, holding its `outbox`. */
  schema: string;
  connection: AmqpChannelSource;
  /** Default `consorcio.events`. */
  exchange?: string;
  /** Rows claimed, published and confirmed together (default {@link DEFAULT_RELAY_BATCH}). */
  batchSize?: number;
  /** Pause when the outbox is empty, and between tries for the lease, ms (default 200). */
  pollMs?: number;
  /** Longest wait for the broker's confirms of a batch before giving up on it, ms (default 15 000). */
  confirmTimeoutMs?: number;
  log?: BusLogger;
  /** Told after each poll: rows published, and the age of the oldest row that was waiting (0 when none). */
  onPoll?: (o: { published: number; lagSeconds: number }) => void;
  /** Told when a batch could not be published (it goes again). */
  onFailure?: () => void;
}

/**
 * Rows per batch: one transaction and one wait for the broker's confirms each. 500 rather than 100 gave the relay
 * about a third more throughput on this machine (bench/README.md, events), for a slightly longer row lock.
 */
export const DEFAULT_RELAY_BATCH = 500;

interface OutboxRow {
  id: bigint;
  event_id: string;
  event_type: string;
  aggregate_id: string;
  aggregate_version: bigint;
  payload_type: string;
  payload: Buffer;
  headers: Record<string, unknown>;
  traceparent: string | null;
  tracestate: string | null;
  occurred_at: Date;
}

/**
 * Publishes `<schema>.outbox` rows to the events exchange, in id order, at least once. One relay
 * per schema is active at a time (a PostgreSQL advisory-lock lease; other instances wait), so the
 * events of an aggregate leave in version order. A batch is claimed `FOR UPDATE` — not SKIP LOCKED:
 * a relay that just lost its lease may still hold a batch, and skipping its rows would publish later
 * versions first; waiting for it keeps the order — then published on a confirm channel, and marked published in the same transaction only after the
 * broker confirmed it; a nack, timeout or lost channel rolls back and the rows go again. Broker
 * restarts are ridden out: the channel is reopened once the connection is back.
 */
export class OutboxRelay {
  private readonly log: BusLogger;
  private readonly exchange: string;
  private readonly loop: LeasedLoop;
  private channel: ConfirmChannel | undefined;

  constructor(private readonly options: OutboxRelayOptions) {
    this.log = options.log ?? silentLogger;
    this.exchange = options.exchange ?? EVENTS_EXCHANGE;
    const batchSize = options.batchSize ?? DEFAULT_RELAY_BATCH;
    this.loop = new LeasedLoop({
      db: options.db,
      leaseName: `outbox-relay:${options.schema}`,
      pollMs: options.pollMs ?? 200,
      log: this.log,
      label: `outbox relay ${options.schema}`,
      // A full batch means there may be more waiting: go again without pausing.
      tick: async () => (await this.relayOnce()) >= batchSize,
    });
  }

  /** True while this instance holds the relay lease of its schema. */
  get isLeader(): boolean {
    return this.loop.held;
  }

  /** Starts relaying in the background (waiting for the lease first). */
  start(): void {
    this.loop.start();
  }

  /** Finishes the batch in flight, releases the lease and closes the channel. */
  async stop(): Promise<void> {
    await this.loop.stop();
    await this.channel?.close().catch(() => undefined);
    this.channel = undefined;
  }

  /**
   * Publishes one batch; resolves how many rows were published (0: nothing to do). Does not take
   * the lease: tests call it directly, and row locks make concurrent calls wait for each other.
   */
  async relayOnce(): Promise<number> {
    const ch = await this.confirmChannel();
    try {
      return await this.options.db.transaction(async (trx) => {
        const { rows } = await trx.raw<{ rows: OutboxRow[] }>(
          `select id, event_id, event_type, aggregate_id, aggregate_version, payload_type, payload, headers,
                  traceparent, tracestate, occurred_at
             from ${qualifiedTable(this.options.schema, 'outbox')}
            where published_at is null
            order by id
            limit ?
            for update`,
          [this.options.batchSize ?? DEFAULT_RELAY_BATCH],
        );
        const oldest = rows[0];
        this.options.onPoll?.({
          published: 0,
          lagSeconds: oldest ? Math.max(0, (Date.now() - oldest.occurred_at.getTime()) / 1000) : 0,
        });
        if (rows.length === 0) return 0;
        for (const row of rows) this.publish(ch, row);
        await withTimeout(ch.waitForConfirms(), this.options.confirmTimeoutMs ?? 15_000);
        await trx
          .withSchema(this.options.schema)
          .table('outbox')
          .whereIn(
            'id',
            rows.map((r) => String(r.id)),
          )
          .update({ published_at: trx.fn.now() });
        this.options.onPoll?.({ published: rows.length, lagSeconds: 0 });
        return rows.length;
      });
    } catch (err) {
      // Whatever was on this channel is suspect now; the rows were rolled back and go again.
      this.options.onFailure?.();
      this.channel = undefined;
      void ch.close().catch(() => undefined);
      throw err;
    }
  }

  // Publishing inside the stored context makes the amqplib instrumentation's publish span a child
  // of the request that wrote the event (it creates that span; we must not add another).
  private publish(ch: ConfirmChannel, row: OutboxRow): void {
    const carrier: Record<string, string> = {};
    if (row.traceparent) carrier[HEADER.traceparent] = row.traceparent;
    if (row.tracestate) carrier[HEADER.tracestate] = row.tracestate;
    const parent = propagation.extract(ROOT_CONTEXT, carrier);
    const options = eventPublishOptions({
      eventId: row.event_id,
      eventType: row.event_type,
      aggregateId: row.aggregate_id,
      aggregateVersion: row.aggregate_version,
      payloadType: row.payload_type,
      occurredAt: row.occurred_at,
      headers: row.headers ?? {},
      traceparent: row.traceparent,
      tracestate: row.tracestate,
    });
    context.with(parent, () => ch.publish(this.exchange, row.event_type, row.payload, options));
  }

  private async confirmChannel(): Promise<ConfirmChannel> {
    if (this.channel) return this.channel;
    const ch = await openConfirmChannel(this.options.connection, this.loop.signal, this.log);
    if (!ch) throw new Error('outbox relay stopped');
    ch.once('close', () => {
      if (this.channel === ch) this.channel = undefined;
    });
    try {
      await declareEventsExchange(ch, this.exchange);
    } catch (err) {
      void ch.close().catch(() => undefined);
      throw err;
    }
    this.channel = ch;
    return ch;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`broker confirms timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
