/**
 * Failures of infrastructure rather than of a request, told apart so they reach callers as what they
 * are: a lost race (ALREADY_EXISTS) or a dependency down (UNAVAILABLE, worth a retry) — never INTERNAL.
 */

/** PostgreSQL's unique violation (SQLSTATE 23505): a concurrent request created the same thing first. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = err as { code?: unknown; constraint?: unknown } | null;
  return e?.code === '23505' && (constraint === undefined || e.constraint === constraint);
}

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
