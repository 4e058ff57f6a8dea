import type {
  AgingBucket,
  CollectionsRow,
  PaymentsReportsServiceServer,
  ReportFreshness,
} from '@consorcio/shared/gen/consorcio/payments/v1/payments_reports';
import { withPolicies, type UnaryHandlers } from '@consorcio/shared/grpc';
import { exportFormatOf, httpBodyOf, renderReport } from '@consorcio/shared/reports';
import type { PaymentsDeps } from '../app/deps';
import { memberOfQuota } from '../app/queries';
import { readers, selfOrReader, staffOrService } from '../grpc/access';
import type { AgingBucket as AgingBucketData } from './aging';
import type { CollectionsRowData } from './report-reads';
import type { Freshness, PaymentsReports } from './payments-reports';
import type { ViewRefresher } from '@consorcio/shared/reports';
import { agingTable, collectionsTable, financialPositionTable } from './report-tables';
import { statementTable } from './statement-table';

/**
 * The PaymentsReportsService API: operators, admins, auditors (and services) read the group reports; a member
 * exports the statement of a record they hold; staff or a service ask for a refresh.
 */
export function paymentsReportsHandlers(
  deps: PaymentsDeps,
  reports: PaymentsReports,
  refresher: ViewRefresher,
): UnaryHandlers<PaymentsReportsServiceServer> {
  return withPolicies<PaymentsReportsServiceServer>(
    {
      getFinancialPosition: readers,
      exportFinancialPosition: readers,
      getDelinquencyAging: readers,
      exportDelinquencyAging: readers,
      getCollections: readers,
      exportCollections: readers,
      exportStatement: async (ctx, req) => selfOrReader(ctx, await memberOfQuota(deps, req.quotaId)),
      refreshReports: staffOrService,
    },
    {
      getFinancialPosition: async (req) => {
        const { freshness, ...p } = await reports.financialPosition(req.groupId);
        return {
          position: {
            groupId: p.groupId,
            groupCode: p.groupCode,
            groupStatus: p.groupStatus,
            freshness: freshnessToProto(freshness),
            bankCentavos: p.bank,
            installmentsReceivableCentavos: p.installmentsReceivable,
            commonFundCentavos: p.commonFund,
            reserveFundCentavos: p.reserveFund,
            creditsPayableCentavos: p.creditsPayable,
            refundsPayableCentavos: p.refundsPayable,
            adminFeePayableCentavos: p.adminFeePayable,
            insurancePayableCentavos: p.insurancePayable,
            paymentsCount: p.paymentsCount,
            receivedCentavos: p.received,
            lateFeesCentavos: p.lateFees,
            overdueInstallments: p.overdueInstallments,
            overdueCentavos: p.overdue,
            delinquentQuotas: p.delinquentQuotas,
            quotasLive: p.quotasLive,
            quotasContemplated: p.quotasContemplated,
            quotasPending: p.quotasPending,
            quotasLeft: p.quotasLeft,
          },
        };
      },
      exportFinancialPosition: async (req) => {
        const format = exportFormatOf(req.format);
        const table = financialPositionTable(await reports.financialPosition(req.groupId));
        return httpBodyOf(await renderReport(table, format));
      },
      getDelinquencyAging: async (req) => {
        const a = await reports.delinquencyAging(req.groupId);
        return {
          aging: {
            groupId: a.groupId,
            freshness: freshnessToProto(a.freshness),
            buckets: a.buckets.map(bucketToProto),
            overdueInstallments: a.overdueInstallments,
            overdueCentavos: a.overdue,
            notDueCentavos: a.notDue,
            receivableCentavos: a.receivable,
          },
        };
      },
      exportDelinquencyAging: async (req) => {
        const format = exportFormatOf(req.format);
        const table = agingTable(await reports.delinquencyAging(req.groupId));
        return httpBodyOf(await renderReport(table, format));
      },
      getCollections: async (req) => {
        const c = await reports.collections(req.groupId, req.fromPeriod, req.toPeriod);
        return {
          collections: {
            groupId: c.groupId,
            freshness: freshnessToProto(c.freshness),
            fromPeriod: c.fromPeriod,
            toPeriod: c.toPeriod,
            rows: c.rows.map(rowToProto),
            totals: rowToProto(c.totals),
          },
        };
      },
      exportCollections: async (req) => {
        const format = exportFormatOf(req.format);
        const table = collectionsTable(await reports.collections(req.groupId, req.fromPeriod, req.toPeriod));
        return httpBodyOf(await renderReport(table, format));
      },
      exportStatement: async (req) => {
        const format = exportFormatOf(req.format);
        const table = await statementTable(deps, { quotaId: req.quotaId, asOf: req.asOf || undefined });
        return httpBodyOf(await renderReport(table, format));
      },
      refreshReports: async () => {
        const r = await refresher.refresh();
        return { views: r.views, refreshedAt: r.refreshedAt, durationMs: r.durationMs };
      },
    },
  );
}

function freshnessToProto(f: Freshness): ReportFreshness {
  return {
    refreshedAt: f.refreshedAt ? new Date(f.refreshedAt) : undefined,
    generatedAt: new Date(f.generatedAt),
    asOf: f.asOf,
  };
}

function bucketToProto(b: AgingBucketData): AgingBucket {
  return {
    label: b.label,
    minDays: b.minDays,
    maxDays: b.maxDays ?? 0,
    installments: b.installments,
    quotas: b.quotas,
    amountCentavos: b.amount,
  };
}

function rowToProto(r: CollectionsRowData): CollectionsRow {
  return {
    period: r.period,
    billedInstallments: r.billedInstallments,
    billedCentavos: r.billed,
    paidInstallments: r.paidInstallments,
    paidCentavos: r.paid,
    lateFeesCentavos: r.lateFees,
    receivedCentavos: r.received,
    openInstallments: r.openInstallments,
    openCentavos: r.open,
  };
}
