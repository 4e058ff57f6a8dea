/** The gateway's PostgreSQL schema (migrations/gateway); it reads and writes no other. */
export const GATEWAY_SCHEMA = 'gateway';

/** True for PostgreSQL's unique_violation (SQLSTATE 23505), optionally on one named constraint. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = err as { code?: unknown; constraint?: unknown } | null;
  return e?.code === '23505' && (constraint === undefined || e.constraint === constraint);
}
