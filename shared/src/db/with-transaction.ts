import type { Knex } from 'knex';

/** Options of {@link withTransaction}. */
export interface TransactionOptions {
  isolationLevel?: 'read committed' | 'repeatable read' | 'serializable';
  /**
   * Extra attempts after a serialization failure or deadlock (SQLSTATE 40001 / 40P01), which
   * PostgreSQL reports precisely so the whole transaction can be run again. Default 0.
   */
  retries?: number;
}

const RETRYABLE_SQLSTATES = new Set(['40001', '40P01']);

/** True for the errors after which PostgreSQL expects the transaction to be run again. */
export function isSerializationFailure(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE_SQLSTATES.has(code);
}

/**
 * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws (and the
 * error rethrown). `fn` may run more than once when `retries` is set, so it must not have effects
 * outside the transaction.
 */
export async function withTransaction<T>(
  db: Knex,
  fn: (trx: Knex.Transaction) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const config = options.isolationLevel ? { isolationLevel: options.isolationLevel } : undefined;
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.transaction(fn, config);
    } catch (err) {
      if (attempt >= (options.retries ?? 0) || !isSerializationFailure(err)) throw err;
    }
  }
}
