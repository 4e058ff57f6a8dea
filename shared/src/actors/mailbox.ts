import { context, propagation } from '@opentelemetry/api';
import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import type { Knex } from 'knex';
import {
  applyOnce,
  ConsumeLoop,
  deliveryContext,
  openConfirmChannel,
  parkedQueueName,
  routeFailedMessage,
  routeFailure,
  safeAck,
  silentLogger,
  sleep,
  type AmqpChannelSource,
  type BusLogger,
} from '../bus';
import { newId } from '../ids';
import { ACTOR_ID_HEADER, readActorMessage, type ActorMessage } from './actor-message';
import { declareMailbox, mailboxNames, type MailboxNames } from './mailbox-topology';

/** What a mailbox handler gets: its transaction (shared with the inbox insert), the message, the body. */
export interface ActorContext {
  trx: Knex.Transaction;
  message: ActorMessage;
  body: Buffer;
}

/** Handles one message of one actor. Throw to retry (transient errors) or park (permanent ones). */
export type ActorHandler = (ctx: ActorContext) => Promise<void>;

/** Options of a {@link Mailbox}. */
export interface MailboxOptions {
  connection: AmqpChannelSource;
  db: Knex;
  /** The service's schema, holding its `inbox`. */
  schema: string;
  /** Owning service: shard queues are `<service>.<name>.shard.<i>`. */
  service: string;
  /** Mailbox name, e.g. `group` for per-group actors. */
  name: string;
  /** Shard queues (default 8). Fixed for the mailbox's life: changing it moves actors between shards. */
  shards?: number;
  /** Default `consorcio.actors.<name>`. */
  exchange?: string;
  /**
   * In-place retry delays of a failing message, ms (default 200, 1000, 5000). The shard waits
   * meanwhile: sending the message to a delay queue would let the actor's later messages overtake it.
   */
  retryDelaysMs?: readonly number[];
  deliveryLimit?: number;
  /** Pause for acks to drain on stop, ms (default 250). */
  drainMs?: number;
  log?: BusLogger;
}

const DEFAULT_MAILBOX_RETRY_DELAYS_MS: readonly number[] = [200, 1_000, 5_000];

/**
 * Per-key ordered mailboxes: messages for one actor id are handled one at a time, in send order,
 * by whichever replica currently owns the actor's shard. Each message is applied once (inbox
 * dedupe in the handler's transaction); a failing message is retried in place with a delay, then
 * parked in `<shard>.parked`.
 */
export class Mailbox {
  readonly names: MailboxNames;
  private readonly log: BusLogger;
  private readonly abort = new AbortController();
  private sendChannel: Promise<ConfirmChannel> | undefined;
  private loop: ConsumeLoop | undefined;

  constructor(private readonly options: MailboxOptions) {
    this.names = mailboxNames(options.service, options.name, options.shards ?? 8, options.exchange);
    this.log = options.log ?? silentLogger;
  }

  /** Inbox consumer name of this mailbox. */
  get consumerName(): string {
    return `${this.options.service}.${this.options.name}`;
  }

  /**
   * Sends a message to an actor and waits for the broker's confirm; resolves its message id.
   * Not transactional: from a handler that also writes state, prefer an outbox event.
   */
  async send(
    actorId: string,
    type: string,
    payload: Uint8Array,
    headers: Record<string, string> = {},
  ): Promise<string> {
    const ch = await this.openSendChannel();
    const messageId = newId();
    const h: Record<string, unknown> = { ...headers, [ACTOR_ID_HEADER]: actorId };
    propagation.inject(context.active(), h);
    try {
      await new Promise<void>((resolve, reject) => {
        ch.publish(
          this.names.exchange,
          actorId,
          Buffer.from(payload),
          { messageId, type, persistent: true, timestamp: Math.floor(Date.now() / 1000), headers: h },
          (err: unknown) =>
            err ? reject(err instanceof Error ? err : new Error('message nacked by the broker')) : resolve(),
        );
      });
    } catch (err) {
      // A nack or a closed channel: open a fresh channel next time.
      if (this.sendChannel && (await this.sendChannel.catch(() => undefined)) === ch) this.sendChannel = undefined;
      throw err;
    }
    return messageId;
  }

  /** Declares the mailbox and consumes every shard with prefetch 1; resolves once consuming. */
  start(handler: ActorHandler): Promise<void> {
    if (this.loop) throw new Error(`mailbox ${this.consumerName} already started`);
    this.loop = new ConsumeLoop({
      connection: this.options.connection,
      log: this.log,
      name: this.consumerName,
      drainMs: this.options.drainMs,
      // Keep the shards until our last message is acked; closing the channel hands them over.
      cancelOnStop: false,
      setup: async (ch) => {
        await declareMailbox(ch, this.names, this.options.deliveryLimit);
        await ch.prefetch(1);
        for (const queue of this.names.shardQueues) {
          await this.loop?.consume(ch, queue, (msg, channel) => this.handle(queue, msg, channel, handler));
        }
      },
    });
    return this.loop.start();
  }

  /** Lets in-flight messages finish, then releases the shards and closes the channels. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop?.stop();
    const sending = this.sendChannel;
    this.sendChannel = undefined;
    await sending?.then((ch) => ch.close()).catch(() => undefined);
  }

  private handle(queue: string, msg: ConsumeMessage, ch: ConfirmChannel, handler: ActorHandler): Promise<void> {
    return context.with(deliveryContext(msg), async () => {
      const { db, schema } = this.options;
      const delays = this.options.retryDelaysMs ?? DEFAULT_MAILBOX_RETRY_DELAYS_MS;
      let message: ActorMessage;
      try {
        message = readActorMessage(msg);
      } catch (err) {
        return routeFailedMessage(
          ch,
          msg,
          { action: 'park', queue: parkedQueueName(queue), attempt: 1 },
          err,
          this.log,
        );
      }
      for (let attempt = message.attempt; ; attempt++) {
        try {
          const current = { ...message, attempt };
          const outcome = await applyOnce(db, schema, this.consumerName, message.messageId, (trx) =>
            handler({ trx, message: current, body: msg.content }),
          );
          if (outcome === 'duplicate')
            this.log.debug({ messageId: message.messageId, queue }, 'duplicate message ignored');
          return safeAck(ch, msg, this.log);
        } catch (err) {
          const route = routeFailure(queue, attempt, err, delays);
          if (route.action === 'park') return routeFailedMessage(ch, msg, route, err, this.log);
          this.log.warn(
            { err, queue, attempt: route.attempt, messageId: message.messageId },
            'actor message failed; retrying',
          );
          await sleep(route.delayMs, this.abort.signal);
          // Stopping: leave it unacked; the replica that takes the shard over retries it.
          if (this.abort.signal.aborted) return;
        }
      }
    });
  }

  private openSendChannel(): Promise<ConfirmChannel> {
    if (this.sendChannel) return this.sendChannel;
    const opening: Promise<ConfirmChannel> = (async () => {
      const ch = await openConfirmChannel(this.options.connection, this.abort.signal, this.log);
      if (!ch) throw new Error(`mailbox ${this.consumerName} stopped`);
      ch.once('close', () => {
        if (this.sendChannel === opening) this.sendChannel = undefined;
      });
      await declareMailbox(ch, this.names, this.options.deliveryLimit);
      return ch;
    })();
    opening.catch(() => {
      if (this.sendChannel === opening) this.sendChannel = undefined;
    });
    this.sendChannel = opening;
    return opening;
  }
}
