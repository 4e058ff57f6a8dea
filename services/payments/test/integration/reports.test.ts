import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import type { Redis } from 'ioredis';
import { createRedis } from '@consorcio/shared/cache';
import { LetterCancelled } from '@consorcio/shared/gen/consorcio/events/v1/credit_events';
import {
  AmortizationMode,
  ContemplationType,
  QuotaContemplated,
} from '@consorcio/shared/gen/consorcio/events/v1/draws_events';
import {
  PaymentsReportsServiceClient,
  ReportFormat,
  type PaymentsReportsServiceServer,
} from '@consorcio/shared/gen/consorcio/payments/v1/payments_reports';
import { createClient, promiseClient, type PromiseClient } from '@consorcio/shared/grpc';
import { newId } from '@consorcio/shared/ids';
import { LOCK_REDIS_OPTIONS, LockService } from '@consorcio/shared/locks';
import { centavosToDecimal } from '@consorcio/shared/reports';
import { quotaLabel } from '@consorcio/shared/rules';
import { infraUrls } from '@consorcio/shared/testing';
import { readCsv, readPdfText, readXlsx } from '../../../../shared/test/unit/reports/report-parsers';
import { PAYMENTS_REPORTS_SERVICE_NAME } from '../../src/reports/reports-module';
import { ledger, overdueByBucket, type LedgerFigures } from './reports-ledger';
import { activeGroup, amountDueOn, eventually, startPaymentsHarness, type PaymentsHarness } from './harness';

type GrpcError = { code: status; details: string };
const AS_OF = '2025-04-20';

describe('payments: reports equal the ledger and export as CSV, XLSX and PDF', function () {
  this.timeout(120_000);
  let h: PaymentsHarness;
  let api: PromiseClient<PaymentsReportsServiceServer>;
  let close: () => void;
  let redis: Redis;
  let groupId: string;
  let quotas: string[];
  let figures: LedgerFigures;
  const contemplationId = newId();

  const pay = async (quotaId: string, paidOn: string) =>
    h.api.recordPayment({
      quotaId,
      idempotencyKey: `rep-${quotaId}-${paidOn}`,
      amountCentavos: await amountDueOn(h, quotaId, paidOn),
      paidOn,
    });

  before(async () => {
    h = await startPaymentsHarness();
    // The reports are compared with the tables at one moment: no billing or delinquency reminder may fire meanwhile.
    await h.replicas[0]!.reminders.stop();
    const client = createClient(
      PaymentsReportsServiceClient,
      PAYMENTS_REPORTS_SERVICE_NAME,
      h.replicas[0]!.grpc.address,
      { bearerToken: () => h.tokens.token(['OPERATOR']) },
    );
    close = () => client.close();
    api = promiseClient<PaymentsReportsServiceServer>(client);
    redis = createRedis(infraUrls('test').redisUrl, { ...LOCK_REDIS_OPTIONS });

    // Six records pay installment 1 on 10/01; period 2: three on time, one late, two unpaid; period 3: two paid.
    ({ groupId, quotas } = await activeGroup(h));
    await h.api.runBilling({ groupId, period: 2, dueOn: '2025-02-05' });
    for (const q of quotas.slice(0, 3)) await pay(q, '2025-02-05');
    await pay(quotas[3]!, '2025-02-17');
    await h.api.runBilling({ groupId, period: 3, dueOn: '2025-03-05' });
    for (const q of quotas.slice(0, 2)) await pay(q, '2025-03-05');
    // One record contemplated by draw (E7 from draws' event).
    await h.emit(
      'draws.quota.contemplated',
      'consorcio.events.v1.QuotaContemplated',
      QuotaContemplated.encode({
        contemplationId,
        assemblyId: newId(),
        quota: await quotaRef(quotas[0]!),
        type: ContemplationType.CONTEMPLATION_TYPE_DRAW,
        period: 2,
        creditValueCentavos: 600_000n,
        bidPct: 0n,
        embeddedPct: 0n,
        embeddedSplit: { fcCentavos: 0n, afCentavos: 0n, frCentavos: 0n },
        ownCentavos: 0n,
        ownSplit: { fcCentavos: 0n, afCentavos: 0n, frCentavos: 0n },
        netCostCentavos: 600_000n,
        reserveUsedCentavos: 0n,
        amortizationMode: AmortizationMode.AMORTIZATION_MODE_REDUCE_TERM,
      }).finish(),
      quotas[0]!,
    );
    await eventually(async () => (await h.db('payments.contemplations').where({ quota_id: quotas[0] })).length === 1);
    h.clock.set(`${AS_OF}T12:00:00Z`);
    await api.refreshReports({});
    figures = await ledger(h.db, groupId, AS_OF);
  });
  after(async () => {
    close?.();
    redis?.disconnect();
    await h?.stop();
  });

  async function quotaRef(id: string) {
    const q = await h.db('payments.quotas').where({ id }).first();
    return { groupId: q.group_id as string, quotaId: id, number: q.number as number, version: q.version as number };
  }

  it("states the group's financial position as its book, payments and records say", async () => {
    const { position: p } = await api.getFinancialPosition({ groupId });
    const f = figures;
    assert.deepEqual(
      [p!.bankCentavos, p!.installmentsReceivableCentavos, p!.commonFundCentavos, p!.reserveFundCentavos],
      [f.bank, f.receivable, f.commonFund, f.reserveFund],
    );
    assert.deepEqual(
      [p!.creditsPayableCentavos, p!.adminFeePayableCentavos, p!.insurancePayableCentavos],
      [f.creditsPayable, f.adminFeePayable, f.insurancePayable],
    );
    assert.equal(p!.creditsPayableCentavos, 600_000n);
    // Collections: what reached the bank through installments (E3) and late fees (E4).
    assert.equal(p!.receivedCentavos, f.bankFromInstallments + f.bankFromLateFees);
    assert.equal(p!.lateFeesCentavos, f.bankFromLateFees);
    assert.ok(p!.lateFeesCentavos > 0n);
    assert.equal(p!.paymentsCount, 6 + 4 + 2);
    // Delinquency on 20/04: period 2 unpaid by two records, period 3 by four.
    assert.deepEqual([p!.overdueInstallments, p!.overdueCentavos], [6, f.overdue]);
    assert.equal(p!.delinquentQuotas, 4);
    assert.deepEqual([p!.quotasLive, p!.quotasContemplated, p!.quotasPending, p!.quotasLeft], [6, 1, 5, 0]);
    assert.equal(p!.freshness!.asOf, AS_OF);
    assert.ok(p!.freshness!.refreshedAt);
  });

  it('ages the receivables into buckets whose totals are the overdue installments and the receivable account', async () => {
    const { aging } = await api.getDelinquencyAging({ groupId });
    const expected = await overdueByBucket(h.db, groupId, AS_OF);
    assert.deepEqual(
      aging!.buckets.map((b) => [b.label, b.installments, b.amountCentavos]),
      expected.map((b) => [b.label, b.installments, b.amount]),
    );
    assert.equal(
      aging!.buckets.reduce((s, b) => s + b.amountCentavos, 0n),
      aging!.overdueCentavos,
    );
    assert.equal(aging!.overdueCentavos, figures.overdue);
    assert.equal(aging!.receivableCentavos, figures.receivable);
    assert.equal(aging!.overdueCentavos + aging!.notDueCentavos, figures.receivable);
  });

  it('totals collections per period to the journal: E2 billed, E3 paid, E4 late fees', async () => {
    const { collections } = await api.getCollections({ groupId, fromPeriod: 0, toPeriod: 0 });
    const t = collections!.totals!;
    assert.deepEqual(
      collections!.rows.map((r) => [r.period, r.billedInstallments, r.paidInstallments, r.openInstallments]),
      [
        [1, 6, 6, 0],
        [2, 6, 4, 2],
        [3, 6, 2, 4],
      ],
    );
    assert.equal(t.billedCentavos, figures.billedE2);
    assert.equal(t.paidCentavos, figures.bankFromInstallments);
    assert.equal(t.lateFeesCentavos, figures.bankFromLateFees);
    assert.equal(t.receivedCentavos, figures.paymentsAmount);
    assert.equal(t.openCentavos, figures.receivable);
    const only2 = await api.getCollections({ groupId, fromPeriod: 2, toPeriod: 2 });
    assert.deepEqual(
      only2.collections!.rows.map((r) => r.period),
      [2],
    );
    await assert.rejects(api.getCollections({ groupId, fromPeriod: 3, toPeriod: 2 }), (err: GrpcError) => {
      assert.equal(err.code, status.INVALID_ARGUMENT);
      assert.match(err.details, /to_period/);
      return true;
    });
  });

  it('exports CSV and XLSX that read back to the same figures, and a PDF with the title and totals', async () => {
    const { collections } = await api.getCollections({ groupId, fromPeriod: 0, toPeriod: 0 });
    const t = collections!.totals!;
    const csv = await api.exportCollections({
      groupId,
      fromPeriod: 0,
      toPeriod: 0,
      format: ReportFormat.REPORT_FORMAT_CSV,
    });
    assert.equal(csv.body!.contentType, 'text/csv; charset=utf-8');
    assert.match(csv.fileName, /^collections-\S*-0-0\.csv$/);
    const rows = readCsv(csv.body!.data);
    assert.equal(rows[0]![0], 'Period');
    assert.deepEqual(rows.at(-1), [
      'Total',
      String(t.billedInstallments),
      centavosToDecimal(t.billedCentavos),
      String(t.paidInstallments),
      centavosToDecimal(t.paidCentavos),
      centavosToDecimal(t.lateFeesCentavos),
      centavosToDecimal(t.receivedCentavos),
      String(t.openInstallments),
      centavosToDecimal(t.openCentavos),
    ]);
    assert.equal(rows.length, 1 + 3 + 1);

    const xlsx = await api.exportFinancialPosition({ groupId, format: ReportFormat.REPORT_FORMAT_XLSX });
    assert.equal(xlsx.body!.contentType, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.match(xlsx.fileName, /^financial-position-\S*-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const sheet = await readXlsx(xlsx.body!.data);
    const cell = (item: string) => sheet.rows.find((r) => r[1] === item)?.[3];
    assert.equal(cell('Common fund'), Number(centavosToDecimal(figures.commonFund)));
    assert.equal(cell('Bank'), Number(centavosToDecimal(figures.bank)));
    assert.equal(sheet.rows.find((r) => r[1] === 'Contemplated')?.[2], 1);

    const pdf = await api.exportDelinquencyAging({ groupId, format: ReportFormat.REPORT_FORMAT_PDF });
    assert.equal(pdf.body!.contentType, 'application/pdf');
    assert.match(pdf.fileName, /^delinquency-aging-\S*-\d{4}-\d{2}-\d{2}\.pdf$/);
    const { text } = await readPdfText(pdf.body!.data);
    assert.match(text, /Delinquency aging - group/);
    assert.match(text, /Total\s+6\s/);
    assert.ok(text.includes(brl(figures.overdue)), `PDF shows the overdue total ${brl(figures.overdue)}`);

    await assert.rejects(
      api.exportFinancialPosition({ groupId, format: ReportFormat.REPORT_FORMAT_UNSPECIFIED }),
      (err: GrpcError) => {
        assert.equal(err.code, status.INVALID_ARGUMENT);
        assert.match(err.details, /format: must be/);
        return true;
      },
    );
  });

  it("exports a record's statement to its member only, with its installments and totals", async () => {
    const quota = await h.db('payments.quotas').where({ id: quotas[3] }).first();
    const own = await api.exportStatement(
      { quotaId: quotas[3]!, format: ReportFormat.REPORT_FORMAT_CSV, asOf: '' },
      await h.tokens.as(['MEMBER'], quota.member_id),
    );
    const rows = readCsv(own.body!.data);
    const paid = await h.db('payments.payments').where({ quota_id: quotas[3] }).sum({ s: 'installment_total' }).first();
    assert.equal(rows.length, 1 + 3 + 1);
    assert.equal(rows.at(-1)![7], centavosToDecimal(BigInt(paid!.s as string)));
    const pdf = await api.exportStatement({ quotaId: quotas[3]!, format: ReportFormat.REPORT_FORMAT_PDF, asOf: '' });
    const label = quotaLabel(
      quota.number,
      quota.version,
      (await h.db('payments.groups').where({ id: quota.group_id }).first()).max_quotas,
    );
    assert.match((await readPdfText(pdf.body!.data)).text, new RegExp(`Quota statement - group .*quota ${label}`));
    assert.match(own.fileName, new RegExp(`^statement-\\S*-${label}-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
    assert.match(pdf.fileName, new RegExp(`^statement-\\S*-${label}-\\d{4}-\\d{2}-\\d{2}\\.pdf$`));
    await assert.rejects(
      api.exportStatement(
        { quotaId: quotas[3]!, format: ReportFormat.REPORT_FORMAT_CSV, asOf: '' },
        await h.tokens.as(['MEMBER'], newId()),
      ),
      (err: GrpcError) => err.code === status.PERMISSION_DENIED,
    );
    await assert.rejects(
      api.getFinancialPosition({ groupId }, await h.tokens.as(['MEMBER'], quota.member_id)),
      (err: GrpcError) => err.code === status.PERMISSION_DENIED,
    );
  });

  it('serves a report from the cache until the next refresh, which shows the new figures', async () => {
    const first = (await api.getFinancialPosition({ groupId })).position!;
    const key = `cache:payments:report:financial-position:${groupId}:${AS_OF}`;
    assert.equal(await redis.exists(key), 1);
    await pay(quotas[4]!, AS_OF); // period 2 of record 5, late
    const cached = (await api.getFinancialPosition({ groupId })).position!;
    assert.deepEqual(cached.freshness!.generatedAt, first.freshness!.generatedAt);
    assert.equal(cached.overdueInstallments, 6);
    h.clock.set(`${AS_OF}T12:00:05Z`);
    await api.refreshReports({});
    assert.equal(await redis.exists(key), 0);
    const fresh = (await api.getFinancialPosition({ groupId })).position!;
    assert.ok(fresh.freshness!.generatedAt! > first.freshness!.generatedAt!);
    assert.equal(fresh.overdueInstallments, 5);
    assert.equal(fresh.receivedCentavos, (await ledger(h.db, groupId, AS_OF)).paymentsAmount);
  });

  it('refuses an on-demand refresh while another holds the refresh lock', async () => {
    const locks = new LockService({ redis, db: h.db, schema: 'payments', retryCount: 0 });
    await locks.withLock('lock:reports-refresh:{payments}', async () => {
      await assert.rejects(api.refreshReports({}), (err: GrpcError) => {
        assert.equal(err.code, status.ABORTED);
        assert.match(err.details, /refresh of the payments reports is in progress/);
        return true;
      });
    });
    const r = await api.refreshReports({});
    assert.deepEqual(r.views, [
      'report_group_accounts',
      'report_collections',
      'report_receivables',
      'report_quota_positions',
    ]);
    await assert.rejects(
      api.refreshReports({}, await h.tokens.as(['AUDITOR'])),
      (err: GrpcError) => err.code === status.PERMISSION_DENIED,
    );
  });

  it('counts a record whose letter was cancelled (E19) as pending contemplation again', async () => {
    await h.emit(
      'credit.letter.cancelled',
      'consorcio.events.v1.LetterCancelled',
      LetterCancelled.encode({
        letterId: contemplationId,
        quota: await quotaRef(quotas[0]!),
        balanceReturnedCentavos: 600_000n,
        conversionPct: 0n,
      }).finish(),
      contemplationId,
    );
    await eventually(
      async () => (await h.db('payments.journal_entries').where({ group_id: groupId, kind: 'E19' })).length === 1,
    );
    await api.refreshReports({});
    const { position: p } = await api.getFinancialPosition({ groupId });
    assert.deepEqual([p!.quotasContemplated, p!.quotasPending, p!.creditsPayableCentavos], [0, 6, 0n]);
    assert.equal(p!.commonFundCentavos, (await ledger(h.db, groupId, AS_OF)).commonFund);
  });
});

function brl(c: bigint): string {
  const [int, frac] = centavosToDecimal(c).split('.') as [string, string];
  return `R$ ${int.replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${frac}`;
}
