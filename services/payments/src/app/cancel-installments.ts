import type { Knex } from 'knex';
import { appendToOutbox } from '@consorcio/shared/bus';
import { exclusionEntry } from '../domain';
import { cancelOpenInstallments } from '../db/installments-repo';
import { postJournal } from '../db/journal-repo';
import { outgoing } from '../events/outgoing';
import { SCHEMA } from './deps';
import { quotaRef } from './refs';

/**
 * Cancels a record's open installments (exclusion, withdrawal, group cancellation, closing): nothing more is owed, so
 * E11 takes them out of the receivables, and each is announced by `payments.installment.cancelled`.
 */
export async function cancelRecordInstallments(
  trx: Knex.Transaction,
  quota: { id: string; groupId: string; number: number; version: number },
  why: { reason: string; on: string; correlationId: string; cause: string },
): Promise<number> {
  const cancelled = await cancelOpenInstallments(trx, quota.id, why.reason);
  if (cancelled.length === 0) return 0;
  await appendToOutbox(
    trx,
    SCHEMA,
    cancelled.map((i) =>
      outgoing(
        'payments.installment.cancelled',
        quota.id,
        { quota: quotaRef(quota), installmentId: i.id, period: i.period, reason: why.reason },
        why.correlationId,
      ),
    ),
  );
  await postJournal(
    trx,
    [
      {
        entry: exclusionEntry(cancelled.map((i) => ({ billedTotal: i.billed.total, installment: i.id }))),
        groupId: quota.groupId,
        cause: why.cause,
        businessDate: why.on,
      },
    ],
    why.correlationId,
  );
  return cancelled.length;
}
