/** The retry schedule of deliveries. */
export interface RetryPolicy {
  /** Attempts in all, the first included; after the last failed one the notification is FAILED. */
  maxAttempts: number;
  /** Ceiling of the first retry's delay, ms. */
  baseMs: number;
  /** No delay is longer than this, ms. */
  capMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 8, baseMs: 2_000, capMs: 3_600_000 };

/**
 * Exponential backoff with full jitter (AWS architecture blog, "Exponential Backoff And Jitter"): the delay after
 * failed attempt n (1-based) is uniform in [0, min(cap, base × 2^(n−1))]. Full jitter spreads a burst of failures
 * (a receiver down for everyone) instead of retrying them in lockstep. `random` returns [0, 1).
 */
export function fullJitterDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const exp = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(Math.max(0, attempt - 1), 40));
  return Math.floor(random() * (exp + 1));
}

/** The outcome of one attempt, as the channel reports it. */
export type AttemptResult =
  | { ok: true; httpStatus?: number; smtpResponse?: string }
  | { ok: false; permanent: boolean; error: string; httpStatus?: number; smtpResponse?: string }
  | { ok: false; skipped: true; error: string };

/** What happens to a notification after attempt number `attempt` (1-based). */
export type NextStep =
  | { status: 'SENT'; outcome: 'SENT' }
  | { status: 'SKIPPED'; outcome: 'SKIPPED' }
  | { status: 'FAILED'; outcome: 'FAILED' }
  | { status: 'PENDING'; outcome: 'RETRY'; delayMs: number };

/** Decides the next step: sent, skipped, failed for good (permanent or out of attempts), or a retry later. */
export function nextStep(
  attempt: number,
  result: AttemptResult,
  policy: RetryPolicy,
  random: () => number = Math.random,
): NextStep {
  if (result.ok) return { status: 'SENT', outcome: 'SENT' };
  if ('skipped' in result) return { status: 'SKIPPED', outcome: 'SKIPPED' };
  if (result.permanent || attempt >= policy.maxAttempts) return { status: 'FAILED', outcome: 'FAILED' };
  return { status: 'PENDING', outcome: 'RETRY', delayMs: fullJitterDelay(attempt, policy, random) };
}
