import type { Knex } from 'knex';
import { guardFence } from '@consorcio/shared/locks';
import { lockQuota, QUOTAS, type PaymentsQuota } from '../db/quotas-repo';
import type { PaymentsDeps } from './deps';

/** The lock that serializes a record's money (architecture: Redlock + a fencing token checked in the write). */
export const quotaPaymentsLock = (quotaId: string): string => `lock:quota-payments:{${quotaId}}`;

/**
 * Runs `work` in a transaction holding the record's payments lock: Redlock keeps concurrent payers apart, and the
 * transaction's first write stamps the lock's fencing token on the record's row, which refuses a token older than
 * the last one written — so a holder that lost its lock (a pause past the TTL) cannot write anything.
 */
export function withQuotaLock<T>(
  deps: PaymentsDeps,
  quotaId: string,
  work: (trx: Knex.Transaction, quota: PaymentsQuota) => Promise<T>,
): Promise<T> {
  const resource = quotaPaymentsLock(quotaId);
  return deps.locks.withLock(resource, (fence) =>
    deps.db.transaction(async (trx) => {
      await guardFence(trx, { table: QUOTAS, idColumn: 'id', id: quotaId, fence, resource });
      return work(trx, (await lockQuota(trx, quotaId)) as PaymentsQuota);
    }),
  );
}
