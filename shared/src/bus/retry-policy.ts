import { isTransient } from '../errors';

/** Where a failed message goes next. */
export type FailureRoute =
  | { action: 'retry'; queue: string; attempt: number; delayMs: number }
  | { action: 'park'; queue: string; attempt: number };

/** Delay queue number `n` (1-based) of a work queue. */
export function retryQueueName(queue: string, n: number): string {
  return `${queue}.retry.${n}`;
}

/** Where messages that will not be retried again wait for a human. */
export function parkedQueueName(queue: string): string {
  return `${queue}.parked`;
}

/** Every queue a consumer of `queue` declares: the queue itself, its parking queue and its `retries` delay queues. */
export function consumerQueueNames(queue: string, retries: number): string[] {
  return [queue, parkedQueueName(queue), ...Array.from({ length: retries }, (_, i) => retryQueueName(queue, i + 1))];
}

/**
 * Decides the fate of a message whose handler threw. `previousAttempts` is the `x-attempt` header
 * it arrived with (0 on first delivery). A transient error goes to the next delay queue while one
 * is left; a permanent error (`!isTransient`) or an exhausted schedule parks it.
 */
export function routeFailure(
  queue: string,
  previousAttempts: number,
  err: unknown,
  retryDelaysMs: readonly number[],
): FailureRoute {
  const attempt = previousAttempts + 1;
  const delayMs = retryDelaysMs[previousAttempts];
  if (isTransient(err) && delayMs !== undefined) {
    return { action: 'retry', queue: retryQueueName(queue, attempt), attempt, delayMs };
  }
  return { action: 'park', queue: parkedQueueName(queue), attempt };
}

/** Longest `x-last-error` carried in headers (the broker caps a header table at 64 KiB). */
export const MAX_ERROR_LENGTH = 1000;

/** `Name: message`, cut to {@link MAX_ERROR_LENGTH} characters, for the `x-last-error` header. */
export function describeError(err: unknown, max = MAX_ERROR_LENGTH): string {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : `non-error thrown: ${String(err)}`;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
