// Small statistics for the benchmarks: nearest-rank percentiles (as the baselines' stats.js) and latency summaries.

/** The nearest-rank q-quantile (0 < q ≤ 1) of an ascending array; NaN when empty. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

export const median = (values: readonly number[]): number =>
  quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );

export interface Latency {
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
}

/** p50 / p99 / max / mean of durations in ms. */
export function latency(ms: readonly number[]): Latency {
  const s = [...ms].sort((a, b) => a - b);
  const sum = s.reduce((a, b) => a + b, 0);
  return {
    count: s.length,
    p50Ms: round(quantile(s, 0.5), 3),
    p99Ms: round(quantile(s, 0.99), 3),
    maxMs: round(s[s.length - 1] ?? NaN, 3),
    meanMs: round(s.length ? sum / s.length : NaN, 3),
  };
}

export function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Milliseconds since `t0` (a performance.now() reading). */
export const since = (t0: number): number => performance.now() - t0;

/** Runs `fn` and resolves its value with how long it took, ms. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await fn();
  return { value, ms: since(t0) };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
