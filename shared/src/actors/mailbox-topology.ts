import type { Channel } from 'amqplib';
import { declareWorkQueue } from '../bus';

/** Names of a mailbox's broker objects. */
export interface MailboxNames {
  exchange: string;
  shardQueues: string[];
}

/** `consorcio.actors.<name>` and `<service>.<name>.shard.<i>` for i in 0..shards-1. */
export function mailboxNames(service: string, name: string, shards: number, exchange?: string): MailboxNames {
  if (!Number.isInteger(shards) || shards < 1) throw new Error(`shards must be a positive integer, got ${shards}`);
  return {
    exchange: exchange ?? `consorcio.actors.${name}`,
    shardQueues: Array.from({ length: shards }, (_, i) => `${service}.${name}.shard.${i}`),
  };
}

/**
 * Declares a mailbox: a consistent-hash exchange (the routing key, i.e. the actor id, picks the
 * shard, so one actor always lands on the same queue) and its shard queues — quorum,
 * single-active-consumer (one consumer at a time handles a shard, whichever replica is alive), each
 * with its `.parked` queue — bound with weight "1". Idempotent. The shard count must never change
 * while messages are in flight: it moves actors between shards.
 */
export async function declareMailbox(ch: Channel, names: MailboxNames, deliveryLimit?: number): Promise<void> {
  await ch.assertExchange(names.exchange, 'x-consistent-hash', { durable: true });
  for (const queue of names.shardQueues) {
    await declareWorkQueue(ch, queue, { retryDelaysMs: [], singleActiveConsumer: true, deliveryLimit });
    await ch.bindQueue(queue, names.exchange, '1');
  }
}
