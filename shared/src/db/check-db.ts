import type { Knex } from 'knex';

// Socket errors, knex's pool timeout and the SQLSTATEs of a server that is gone or going away
// (class 08 connection exceptions, 57P01-57P03 shutdown / cannot connect now).
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EPIPE',
  'EAI_AGAIN',
  '57P01',
  '57P02',
  '57P03',
]);
const UNREACHABLE_MESSAGES = [
  /Connection terminated/i,
  /Client has encountered a connection error/i,
  /Knex: Timeout acquiring a connection/i,
  /the database system is (starting up|shutting down)/i,
];

/**
 * True when `err` says the database could not be reached (as opposed to a query that failed):
 * the caller may map it to UNAVAILABLE and retry later.
 */
export function isUnreachable(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const { code, message, name, errors } = err as {
    code?: unknown;
    message?: unknown;
    name?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string' && (UNREACHABLE_CODES.has(code) || code.startsWith('08'))) return true;
  if (name === 'KnexTimeoutError') return true;
  if (typeof message === 'string' && UNREACHABLE_MESSAGES.some((re) => re.test(message))) return true;
  // Node reports a refused dual-stack connect as an AggregateError of per-address errors.
  return Array.isArray(errors) && errors.some(isUnreachable);
}

/**
 * Health check: true when `select 1` answers within `timeoutMs` (default 1 s). Never throws, so a
 * readiness probe can call it as is.
 */
export async function checkDb(db: Knex, timeoutMs = 1000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    const probe = db
      .raw('select 1')
      .timeout(timeoutMs, { cancel: false })
      .then(() => true as const)
      .catch(() => false as const);
    // The race covers the wait for a pooled connection too, which the query timeout does not.
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
