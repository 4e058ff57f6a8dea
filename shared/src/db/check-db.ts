import type { Knex } from 'knex';
import { isUnreachable } from '../errors';

export { isUnreachable };

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
