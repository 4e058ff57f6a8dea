import { NotFoundError } from '@consorcio/shared/errors';
import { formatPct } from '@consorcio/shared/money';
import { centavosToDecimal, type TabularReport } from '@consorcio/shared/reports';
import { quotaLabel } from '@consorcio/shared/rules';
import type { PaymentsDeps } from '../app/deps';
import { statementQuery } from '../app/queries';
import { sumPcts } from '../domain';
import { getGroup } from '../db/groups-repo';
import { listInstallments } from '../db/installments-repo';

/** More installments than any plan has (terms are at most a few hundred months). */
const MAX_INSTALLMENTS = 10_000;

/**
 * A record's statement for export: the GetStatement figures as subtitle lines and every installment of the record
 * as the table, with totals of what was billed, paid and charged in late fees. Ids and numbers only.
 */
export async function statementTable(
  deps: PaymentsDeps,
  q: { quotaId: string; asOf?: string },
): Promise<TabularReport> {
  const s = await statementQuery(deps, q);
  const group = await getGroup(deps.db, s.quota.groupId);
  if (!group) throw new NotFoundError('group', s.quota.groupId);
  const installments = await listInstallments(deps.db, s.quota.id, 0, MAX_INSTALLMENTS);
  const live = installments.filter((i) => i.status !== 'CANCELLED');
  const sum = (pick: (i: (typeof installments)[number]) => bigint | null) =>
    installments.reduce((t, i) => t + (pick(i) ?? 0n), 0n);
  const overdueDue = s.overdue.reduce((t, o) => t + o.amountDue, 0n);
  const number = quotaLabel(s.quota.number, s.quota.version, group.maxQuotas);
  return {
    title: `Quota statement - group ${group.code}, quota ${number}`,
    subtitle: [
      `Quota ${s.quota.id}; status ${s.quota.status}; as of ${s.asOf}`,
      `Credit value R$ ${centavosToDecimal(s.creditValue)}; paid R$ ${centavosToDecimal(s.paidTotal)}; ` +
        `outstanding R$ ${centavosToDecimal(s.outstanding)} (${formatPct(sumPcts(s.remaining))} of the credit value)`,
      `Installments paid ${s.quota.paidCount} of ${s.quota.schedule.count}; overdue ${s.overdue.length}, ` +
        `due today R$ ${centavosToDecimal(overdueDue)}`,
    ],
    generatedAt: deps.clock.now(),
    fileName: `statement-${group.code}-${number}-${s.asOf}`,
    sheetName: 'Statement',
    columns: [
      { key: 'period', title: 'Period', type: 'integer' },
      { key: 'number', title: 'Installment', type: 'integer' },
      { key: 'status', title: 'Status', type: 'text' },
      { key: 'due_on', title: 'Due on', type: 'date' },
      { key: 'effective_due_on', title: 'Effective due', type: 'date' },
      { key: 'billed', title: 'Billed (R$)', type: 'centavos' },
      { key: 'paid_on', title: 'Paid on', type: 'date' },
      { key: 'paid', title: 'Paid (R$)', type: 'centavos' },
      { key: 'late_fees', title: 'Late fees (R$)', type: 'centavos' },
    ],
    rows: installments.map((i) => [
      i.period,
      i.number,
      i.status,
      i.dueOn,
      i.effectiveDueOn,
      i.billed.total,
      i.paidOn,
      i.paidTotal,
      i.paidOn === null ? null : (i.lateFine ?? 0n) + (i.lateInterest ?? 0n),
    ]),
    totals: {
      billed: live.reduce((t, i) => t + i.billed.total, 0n),
      paid: sum((i) => i.paidTotal),
      late_fees: sum((i) => (i.paidOn === null ? null : (i.lateFine ?? 0n) + (i.lateInterest ?? 0n))),
    },
  };
}
