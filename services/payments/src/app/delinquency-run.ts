import { optionalDate } from '@consorcio/shared/input';
import { requireGroup, type PaymentsGroup } from '../db/groups-repo';
import { openInstallments } from '../db/installments-repo';
import { QUOTAS, quotaFromRow, type QuotaRow } from '../db/quotas-repo';
import type { CommandMeta, PaymentsDeps } from './deps';
import { EVALUATED_STATUSES, reevaluateStanding } from './standing';

/** Records evaluated per transaction. */
const CHUNK = 500;

export interface DelinquencyRunResult {
  evaluated: number;
  delinquent: number;
  becameCurrent: number;
}

/**
 * The daily evaluation (domain §3.5, §5.3): every billed record's overdue installments on `on`; a record whose
 * standing or overdue count changed emits `payments.quota.delinquent` (groups decides the exclusion at the threshold)
 * or `payments.quota.current`. Each chunk locks its records' rows, so a payment being recorded waits (or is waited
 * for) and the two never emit contradicting standings. Running it twice for a day emits nothing the second time.
 */
export async function runDelinquency(
  deps: PaymentsDeps,
  meta: CommandMeta,
  cmd: { on?: string },
): Promise<DelinquencyRunResult> {
  const on = optionalDate('on', cmd.on, deps.clock.today());
  const result: DelinquencyRunResult = { evaluated: 0, delinquent: 0, becameCurrent: 0 };
  let afterId = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const lastId = await deps.db.transaction(async (trx) => {
      const rows = (await trx(QUOTAS)
        .whereIn('status', EVALUATED_STATUSES)
        .andWhere('id', '>', afterId)
        .orderBy('id')
        .limit(CHUNK)
        .forUpdate()) as QuotaRow[];
      const groups = new Map<string, PaymentsGroup>();
      for (const row of rows) {
        const quota = quotaFromRow(row);
        const group = groups.get(quota.groupId) ?? (await requireGroup(trx, quota.groupId));
        groups.set(group.id, group);
        const open = await openInstallments(trx, quota.id);
        const change = await reevaluateStanding(trx, {
          quota,
          group,
          open: open.map((i) => i.open),
          on,
          correlationId: meta.correlationId,
        });
        result.evaluated++;
        if (change === 'DELINQUENT') result.delinquent++;
        if (change === 'CURRENT') result.becameCurrent++;
      }
      return rows.length === 0 ? null : (rows[rows.length - 1] as QuotaRow).id;
    });
    if (lastId === null) break;
    afterId = lastId;
  }
  return result;
}
