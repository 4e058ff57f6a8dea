import { centavosToDecimal, type ReportCell, type TabularReport } from '@consorcio/shared/reports';
import type { AgingData, CollectionsData, FinancialPositionData, Freshness } from './payments-reports';

/** The payments reports as tables for export (CSV, XLSX, PDF): ids and codes only, no personal data. */

function subtitle(groupCode: string, groupId: string, f: Freshness): string[] {
  return [`Group ${groupCode} (${groupId})`, `As of ${f.asOf}; views refreshed at ${f.refreshedAt ?? 'never'}`];
}

export function financialPositionTable(p: FinancialPositionData): TabularReport {
  const money = (section: string, item: string, amount: bigint): ReportCell[] => [section, item, null, amount];
  const count = (section: string, item: string, n: number, amount: bigint | null = null): ReportCell[] => [
    section,
    item,
    n,
    amount,
  ];
  return {
    title: `Financial position - group ${p.groupCode}`,
    subtitle: [...subtitle(p.groupCode, p.groupId, p.freshness), `Group status ${p.groupStatus}`],
    generatedAt: new Date(p.freshness.generatedAt),
    fileName: `financial-position-${p.groupCode}-${p.freshness.asOf}`,
    sheetName: 'Financial position',
    columns: [
      { key: 'section', title: 'Section', type: 'text' },
      { key: 'item', title: 'Item', type: 'text' },
      { key: 'count', title: 'Count', type: 'integer' },
      { key: 'amount', title: 'Amount (R$)', type: 'centavos' },
    ],
    rows: [
      money('Funds', 'Bank', p.bank),
      money('Funds', 'Installments receivable', p.installmentsReceivable),
      money('Funds', 'Common fund', p.commonFund),
      money('Funds', 'Reserve fund', p.reserveFund),
      money('Funds', 'Credits payable', p.creditsPayable),
      money('Funds', 'Refunds payable', p.refundsPayable),
      money('Funds', 'Admin fee payable', p.adminFeePayable),
      money('Funds', 'Insurance payable', p.insurancePayable),
      count('Collections', 'Installments paid', p.paymentsCount, p.received - p.lateFees),
      money('Collections', 'Late fees', p.lateFees),
      money('Collections', 'Received', p.received),
      count('Delinquency', 'Overdue installments', p.overdueInstallments, p.overdue),
      count('Delinquency', 'Delinquent quotas', p.delinquentQuotas),
      count('Quotas', 'Live', p.quotasLive),
      count('Quotas', 'Contemplated', p.quotasContemplated),
      count('Quotas', 'Pending contemplation', p.quotasPending),
      count('Quotas', 'Left the group', p.quotasLeft),
    ],
  };
}

export function agingTable(a: AgingData): TabularReport {
  return {
    title: `Delinquency aging - group ${a.groupCode}`,
    subtitle: [
      ...subtitle(a.groupCode, a.groupId, a.freshness),
      `Not yet due R$ ${centavosToDecimal(a.notDue)}; receivable R$ ${centavosToDecimal(a.receivable)}`,
    ],
    generatedAt: new Date(a.freshness.generatedAt),
    fileName: `delinquency-aging-${a.groupCode}-${a.freshness.asOf}`,
    sheetName: 'Delinquency aging',
    columns: [
      { key: 'bucket', title: 'Days overdue', type: 'text' },
      { key: 'installments', title: 'Installments', type: 'integer' },
      { key: 'quotas', title: 'Quotas', type: 'integer' },
      { key: 'amount', title: 'Amount (R$)', type: 'centavos' },
    ],
    rows: a.buckets.map((b) => [b.label, b.installments, b.quotas, b.amount]),
    totals: { installments: a.overdueInstallments, amount: a.overdue },
  };
}

export function collectionsTable(c: CollectionsData): TabularReport {
  const range = `Periods ${c.fromPeriod || 'first'} to ${c.toPeriod || 'last'}`;
  const t = c.totals;
  return {
    title: `Collections by period - group ${c.groupCode}`,
    subtitle: [...subtitle(c.groupCode, c.groupId, c.freshness), range],
    generatedAt: new Date(c.freshness.generatedAt),
    fileName: `collections-${c.groupCode}-${c.fromPeriod}-${c.toPeriod}`,
    sheetName: 'Collections',
    columns: [
      { key: 'period', title: 'Period', type: 'integer' },
      { key: 'billed_installments', title: 'Billed', type: 'integer' },
      { key: 'billed', title: 'Billed (R$)', type: 'centavos' },
      { key: 'paid_installments', title: 'Paid', type: 'integer' },
      { key: 'paid', title: 'Paid (R$)', type: 'centavos' },
      { key: 'late_fees', title: 'Late fees (R$)', type: 'centavos' },
      { key: 'received', title: 'Received (R$)', type: 'centavos' },
      { key: 'open_installments', title: 'Open', type: 'integer' },
      { key: 'open', title: 'Open (R$)', type: 'centavos' },
    ],
    rows: c.rows.map((r) => [
      r.period,
      r.billedInstallments,
      r.billed,
      r.paidInstallments,
      r.paid,
      r.lateFees,
      r.received,
      r.openInstallments,
      r.open,
    ]),
    totals: {
      billed_installments: t.billedInstallments,
      billed: t.billed,
      paid_installments: t.paidInstallments,
      paid: t.paid,
      late_fees: t.lateFees,
      received: t.received,
      open_installments: t.openInstallments,
      open: t.open,
    },
  };
}
