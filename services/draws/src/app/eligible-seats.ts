import type { Knex } from 'knex';
import { isEligible } from '../domain';

/**
 * The seats whose current record (highest version) is eligible at the snapshot (§6.2), ascending: one query over
 * the projections of groups' and payments' events (status, the period's installment, the oldest unpaid one) and
 * draws' own contemplations, then the domain's rule per record.
 */
export async function eligibleSeats(
  db: Knex | Knex.Transaction,
  groupId: string,
  period: number,
  snapshotDate: string,
): Promise<number[]> {
  const rows = (
    await db.raw<{
      rows: {
        number: number;
        status: string;
        effective_due_on: string | null;
        paid_on: string | null;
        oldest_unpaid: string | null;
      }[];
    }>(
      `select c.number, c.status, p.effective_due_on, p.paid_on,
              (select min(i.effective_due_on) from draws.installments i
                where i.quota_id = c.id and i.paid_on is null and not i.cancelled) as oldest_unpaid
         from (select distinct on (number) id, number, status from draws.quotas
                where group_id = ? order by number, version desc) c
         left join draws.installments p on p.quota_id = c.id and p.period = ? and not p.cancelled
        where c.status = 'ACTIVE'
          -- draws' own record of its contemplations: a record drawn or whose bid won is never eligible again, even
          -- before groups' status change reaches this projection (a cancelled letter gives the seat back).
          and not exists (select 1 from draws.contemplations k
                           where k.quota_id = c.id and k.status in ('PENDING', 'CONFIRMED'))
        order by c.number`,
      [groupId, period],
    )
  ).rows;
  return rows
    .filter((r) =>
      isEligible(
        {
          status: r.status,
          periodInstallment: r.effective_due_on ? { effectiveDueOn: r.effective_due_on, paidOn: r.paid_on } : null,
          oldestUnpaidEffectiveDue: r.oldest_unpaid,
        },
        snapshotDate,
      ),
    )
    .map((r) => r.number);
}
