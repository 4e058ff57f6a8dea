import type { Knex } from 'knex';
import { amortize, type Amortization, type AmortizationMode } from '../domain';
import { billedInSchedule } from '../db/installments-repo';
import { updateQuota, type PaymentsQuota } from '../db/quotas-repo';

/**
 * Amortizes `pct` of what a record still owes (domain §8) and stores the rebuilt schedule. Installments already
 * billed in the current schedule (paid or still open) keep their percentages: the rebuild covers what comes after
 * them, so an open installment is still owed as billed.
 */
export async function amortizeRecord(
  trx: Knex.Transaction,
  quota: PaymentsQuota,
  pct: bigint,
  mode: AmortizationMode,
): Promise<Amortization> {
  const billedCount = await billedInSchedule(trx, quota.id, quota.schedule.firstPeriod);
  const a = amortize({ schedule: quota.schedule, paidCount: billedCount, paid: quota.paid, pct, mode });
  await updateQuota(trx, quota.id, { schedule: a.schedule, paid: a.paid, paidCount: 0 });
  return a;
}
