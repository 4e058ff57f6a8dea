import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import {
  DrawsReportsServiceClient,
  ReportFormat,
  type DrawsReportsServiceServer,
} from '@consorcio/shared/gen/consorcio/draws/v1/draws_reports';
import { createClient, promiseClient, type PromiseClient } from '@consorcio/shared/grpc';
import { centavosToDecimal } from '@consorcio/shared/reports';
import { activeGroup, amountDueOn, eventually } from '../../../payments/test/integration/harness';
import { readCsv, readPdfText, readXlsx } from '../../../../shared/test/unit/reports/report-parsers';
import { DRAWS_REPORTS_SERVICE_NAME } from '../../src/reports/reports-module';
import { startDrawsHarness, type DrawsHarness } from './harness';

type GrpcError = { code: status; details: string };

describe('draws: the assemblies-held report equals the results and exports', function () {
  this.timeout(120_000);
  let h: DrawsHarness;
  let api: PromiseClient<DrawsReportsServiceServer>;
  let close: () => void;
  let groupId: string;

  before(async () => {
    h = await startDrawsHarness();
    const client = createClient(DrawsReportsServiceClient, DRAWS_REPORTS_SERVICE_NAME, h.draws[0]!.grpc.address, {
      bearerToken: () => h.tokens.token(['OPERATOR']),
    });
    close = () => client.close();
    api = promiseClient<DrawsReportsServiceServer>(client);

    // Period 2's assembly of a six-record group, everyone paid: held with its draws and no bids.
    let quotas: string[];
    ({ groupId, quotas } = await activeGroup(h));
    await h.api.runBilling({ groupId, period: 2, dueOn: '2025-02-05' });
    for (const quotaId of quotas)
      await h.api.recordPayment({
        quotaId,
        idempotencyKey: `rep2-${quotaId}`,
        amountCentavos: await amountDueOn(h, quotaId, '2025-02-05'),
        paidOn: '2025-02-05',
      });
    await eventually(
      async () => (await h.db('draws.installments').whereIn('quota_id', quotas).whereNotNull('paid_on')).length === 12,
    );
    await eventually(async () => (await h.db('draws.groups').where({ id: groupId, status: 'ACTIVE' })).length === 1);
    // The calendar's reminders open the assembly, then close its bidding at the deadline (Friday 07/02 18:00).
    h.clock.set('2025-02-06T12:00:00Z');
    await eventually(async () => (await h.db('draws.assemblies').where({ group_id: groupId, period: 2 })).length === 1);
    const { id: assemblyId } = await h.db('draws.assemblies').where({ group_id: groupId, period: 2 }).first();
    h.clock.set('2025-02-08T12:00:00Z');
    await eventually(
      async () => (await h.db('draws.assemblies').where({ id: assemblyId, status: 'BIDDING_CLOSED' })).length === 1,
    );
    await h.drawsApi.enterLotteryResult({
      assemblyId,
      extractionNumber: 5_950,
      extractionDate: '2025-02-08',
      prizes: [12_345, 11_111, 22_222, 33_333, 44_444],
      source: 'loterias.caixa.gov.br, extração 5950',
    });
    await h.drawsApi.confirmLotteryResult({ assemblyId }, await h.tokens.as(['ADMIN']));
    await h.drawsApi.runAssembly({ assemblyId });
    await api.refreshReports({});
  });
  after(async () => {
    close?.();
    await h?.stop();
  });

  it('counts each assembly held with its contemplations and amounts as the results say', async () => {
    const { report } = await api.getAssembliesReport({ groupId });
    const held = await h.db('draws.assemblies').where({ group_id: groupId }).whereIn('status', ['SETTLING', 'CLOSED']);
    assert.equal(report!.assemblies.length, held.length);
    assert.equal(held.length, 1);
    const [a] = report!.assemblies;
    const contemplations = await h.db('draws.contemplations').where({ assembly_id: held[0].id });
    const draws = contemplations.filter((c: { type: string }) => c.type === 'DRAW' || c.type === 'EXTRA_DRAW');
    assert.ok(draws.length >= 1);
    assert.equal(a!.period, 2);
    assert.equal(a!.drawContemplations, draws.length);
    assert.equal(a!.bidContemplations, 0);
    assert.equal(a!.creditValueCentavos, 600_000n);
    assert.equal(a!.creditCentavos, 600_000n * BigInt(contemplations.length));
    assert.equal(
      a!.netCostCentavos,
      contemplations.reduce((s: bigint, c: { net_cost: string }) => s + BigInt(c.net_cost), 0n),
    );
    assert.equal(a!.availableCentavos, BigInt(held[0].available));
    // What payments booked for the contemplations is the credit granted: E7's CREDITS_PAYABLE credits.
    await eventually(
      async () => (await h.db('payments.contemplations').where({ assembly_id: held[0].id })).length === draws.length,
    );
    const booked = await h
      .db('payments.contemplations')
      .where({ assembly_id: held[0].id })
      .sum({ s: 'credit_amount' })
      .first();
    assert.equal(BigInt(booked!.s as string), a!.creditCentavos);
    assert.deepEqual(
      [report!.totals!.drawContemplations, report!.totals!.creditCentavos],
      [a!.drawContemplations, a!.creditCentavos],
    );
    assert.ok(report!.refreshedAt && report!.generatedAt);
  });

  it('exports CSV, XLSX and PDF that read back to the same figures', async () => {
    const { report } = await api.getAssembliesReport({ groupId });
    const a = report!.assemblies[0]!;
    const csvReply = await api.exportAssembliesReport({ groupId, format: ReportFormat.REPORT_FORMAT_CSV });
    assert.equal(csvReply.fileName, `assemblies-${groupId}-${report!.generatedAt!.toISOString().slice(0, 10)}.csv`);
    const csv = readCsv(csvReply.body!.data);
    assert.deepEqual(csv[1]!.slice(0, 5), ['2', a.assemblyDate, a.status, '6000.00', String(a.drawContemplations)]);
    assert.deepEqual(csv.at(-1)!.slice(7, 9), [
      centavosToDecimal(a.creditCentavos),
      centavosToDecimal(a.netCostCentavos),
    ]);
    const xlsx = await readXlsx(
      (await api.exportAssembliesReport({ groupId, format: ReportFormat.REPORT_FORMAT_XLSX })).body!.data,
    );
    assert.equal(xlsx.rows[1]![7], Number(centavosToDecimal(a.creditCentavos)));
    const pdf = await api.exportAssembliesReport({ groupId, format: ReportFormat.REPORT_FORMAT_PDF });
    assert.equal(pdf.body!.contentType, 'application/pdf');
    assert.match(pdf.fileName, /^assemblies-[0-9a-f-]+-\d{4}-\d{2}-\d{2}\.pdf$/);
    const { text } = await readPdfText(pdf.body!.data);
    assert.match(text, /Assemblies held/);
    assert.match(text, /Total/);
  });

  it('lets auditors read, refuses members, and caches until the next refresh', async () => {
    const audited = await api.getAssembliesReport({ groupId }, await h.tokens.as(['AUDITOR']));
    const again = await api.getAssembliesReport({ groupId });
    assert.deepEqual(again.report!.generatedAt, audited.report!.generatedAt);
    await assert.rejects(
      api.getAssembliesReport({ groupId }, await h.tokens.as(['MEMBER'], 'someone')),
      (err: GrpcError) => err.code === status.PERMISSION_DENIED,
    );
    h.clock.set('2025-02-08T12:00:10Z');
    await api.refreshReports({});
    const fresh = await api.getAssembliesReport({ groupId });
    assert.ok(fresh.report!.generatedAt! > audited.report!.generatedAt!);
  });
});
