import type { Channel } from 'amqplib';
import { consumerQueueNames } from '../bus';
import { TEST_RETRY_DELAYS_MS } from '../testing';

/**
 * Deletes fixed-name consumer queues (each with its parking and delay queues) a test is about to declare again: a
 * queue left by an earlier run would keep that run's bindings, and its delay queues their x-message-ttl.
 */
export async function deleteConsumerQueues(
  ch: Pick<Channel, 'deleteQueue'>,
  queues: readonly string[],
  retries: number = TEST_RETRY_DELAYS_MS.length,
): Promise<void> {
  for (const q of queues) for (const name of consumerQueueNames(q, retries)) await ch.deleteQueue(name);
}
