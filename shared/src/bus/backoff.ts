/** Capped exponential backoff settings. */
export interface BackoffOptions {
  /** Delay of the first retry, ms (default 100). */
  initialMs?: number;
  /** Upper bound of any delay, ms (default 10 000). */
  maxMs?: number;
  /** Growth per attempt (default 2). */
  factor?: number;
  /** Fraction of the delay randomised either way, 0..1 (default 0.2), so replicas do not retry in step. */
  jitter?: number;
}

/**
 * Delay before retry number `attempt` (1-based): initial × factor^(attempt-1), jittered, never above
 * `maxMs`. `random` is injectable for tests.
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  const initial = options.initialMs ?? 100;
  const max = Math.max(initial, options.maxMs ?? 10_000);
  const factor = options.factor ?? 2;
  const jitter = Math.min(1, Math.max(0, options.jitter ?? 0.2));
  // Cap the base below max so the jitter's upper half cannot overshoot the cap.
  const base = Math.min(max / (1 + jitter), initial * factor ** Math.max(0, attempt - 1));
  const offset = base * jitter * (random() * 2 - 1);
  return Math.min(max, Math.max(0, Math.round(base + offset)));
}

/** Resolves after `ms`, or early (without error) when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
