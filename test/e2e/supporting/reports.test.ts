import assert from 'node:assert/strict';
import { centavosToDecimal } from '@consorcio/shared/reports';
import { readCsv, readPdfText, readXlsx } from '../../../shared/test/unit/reports/report-parsers';
import { until } from '../../../cli/src/simulation/context';
import { formGroup, type GroupMember, type MonthsGroup } from '../support/months';
import { startPlatform, type Platform } from '../support/platform';

const CSV = 'text/csv; charset=utf-8';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PDF = 'application/pdf';

/** int64 in ProtoJSON: a decimal string, left out when zero. */
const int64 = (v: string | undefined) => BigInt(v ?? '0');

/**
 * The reports on the running platform, through REST only: after a group's months the financial position agrees with
 * the balances and installments the API reports elsewhere, every export downloads as its type and reads back, and a
 * member reads only their own statement.
 */
describe('REST through the gateway: the reports of a group in its months', function () {
  this.timeout(300_000);
  let p: Platform;
  let g: MonthsGroup;
  let operator: string;
  let member: GroupMember;
  let other: GroupMember;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- ProtoJSON of the report
  let position: any;

  const download = async (path: string, token: string) => {
    const res = await fetch(p.url + path, { headers: { authorization: `Bearer ${token}` } });
    const data = new Uint8Array(await res.arrayBuffer());
    return { status: res.status, type: res.headers.get('content-type'), headers: res.headers, data };
  };

  before(async () => {
    p = await startPlatform();
    g = await formGroup(p, { code: 'G-REPORT', seed: 3 });
    [member, other] = g.members as [GroupMember, GroupMember];
    await g.runMonth(2);
    await g.runMonth(3);
    operator = await p.userToken(['OPERATOR']);
    // Each letter's payment to its seller reaches payments' books by event: wait until none is left payable.
    await until('every released letter booked by payments', async () => {
      const b = await p.call('GET', `/v1/groups/${g.groupId}/fund-balances`, { token: operator });
      return b.status === 200 && int64(b.body.balances.creditsPayableCentavos) === 0n;
    });
    // The views are refreshed on a schedule; an operator may refresh them at once.
    for (const path of ['/v1/payments/reports:refresh', '/v1/draws/reports:refresh']) {
      const r = await p.call('POST', path, { token: operator, body: {} });
      assert.equal(r.status, 200, `${path}: ${JSON.stringify(r.body)}`);
    }
    const r = await p.call('GET', `/v1/groups/${g.groupId}/reports/financial-position`, { token: operator });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    position = r.body.position;
  });
  after(() => p?.stop());

  it('gives a financial position whose totals are the fund balances and the installments paid', async () => {
    const b = await p.call('GET', `/v1/groups/${g.groupId}/fund-balances`, { token: operator });
    assert.equal(b.status, 200);
    const balances = b.body.balances;
    for (const field of [
      'bankCentavos',
      'commonFundCentavos',
      'reserveFundCentavos',
      'creditsPayableCentavos',
      'refundsPayableCentavos',
    ]) {
      assert.equal(int64(position[field]), int64(balances[field]), field);
    }
    assert.ok(int64(position.commonFundCentavos) > 0n);
    // Every installment paid, as each member's installments show them (all paid on time: no late fees).
    let paid = 0;
    let received = 0n;
    for (const m of g.members) {
      const r = await p.call('GET', `/v1/quotas/${m.quotaId}/installments?page.pageSize=100`, { token: operator });
      for (const i of r.body.installments as { status: string; billed: { totalCentavos: string } }[]) {
        if (i.status !== 'INSTALLMENT_STATUS_PAID') continue;
        paid++;
        received += BigInt(i.billed.totalCentavos);
      }
    }
    assert.equal(paid, 3 * g.members.length, 'installments 1 to 3 of every record');
    assert.equal(position.paymentsCount, paid);
    assert.equal(int64(position.receivedCentavos), received);
    assert.equal(int64(position.lateFeesCentavos), 0n);
    assert.equal(position.overdueInstallments ?? 0, 0);
    const contemplated = g.members.filter((m) => m.contemplatedIn !== undefined).length;
    assert.ok(contemplated >= 1, 'the assemblies contemplated someone');
    assert.deepEqual(
      [position.quotasLive, position.quotasContemplated, position.quotasPending ?? 0],
      [g.members.length, contemplated, g.members.length - contemplated],
    );
    assert.equal(position.groupCode, 'G-REPORT');
  });

  it('reports the assemblies held, as draws saw them', async () => {
    const r = await p.call('GET', `/v1/groups/${g.groupId}/reports/assemblies`, { token: operator });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const held = r.body.report.assemblies as {
      period: number;
      drawContemplations?: number;
      bidContemplations?: number;
    }[];
    assert.deepEqual(
      held.map((a) => a.period),
      [2, 3],
    );
    const total = held.reduce((n, a) => n + (a.drawContemplations ?? 0) + (a.bidContemplations ?? 0), 0);
    assert.equal(total, position.quotasContemplated);
  });

  it('exports the financial position as CSV, XLSX and PDF with the same figures', async () => {
    const base = `/v1/groups/${g.groupId}/reports/financial-position:export?format=`;
    const csv = await download(`${base}REPORT_FORMAT_CSV`, operator);
    assert.equal(csv.status, 200);
    assert.equal(csv.type, CSV);
    assert.match(csv.headers.get('content-disposition') ?? '', /attachment; filename="?financial-position-G-REPORT/);
    const rows = readCsv(csv.data);
    assert.deepEqual(rows[0], ['Section', 'Item', 'Count', 'Amount (R$)']);
    const csvCell = (item: string) => rows.find((r) => r[1] === item)?.[3];
    assert.equal(csvCell('Common fund'), centavosToDecimal(int64(position.commonFundCentavos)));
    assert.equal(csvCell('Received'), centavosToDecimal(int64(position.receivedCentavos)));

    const xlsx = await download(`${base}REPORT_FORMAT_XLSX`, operator);
    assert.equal(xlsx.status, 200);
    assert.equal(xlsx.type, XLSX);
    const sheet = await readXlsx(xlsx.data);
    const xlsxCell = (item: string) => sheet.rows.find((r) => r[1] === item)?.[3];
    assert.equal(xlsxCell('Bank'), Number(centavosToDecimal(int64(position.bankCentavos))));
    assert.equal(xlsxCell('Reserve fund'), Number(centavosToDecimal(int64(position.reserveFundCentavos))));

    const pdf = await download(`${base}REPORT_FORMAT_PDF`, operator);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.type, PDF);
    const { text } = await readPdfText(pdf.data);
    assert.match(text, /Financial position - group G-REPORT/);

    const bad = await p.call('GET', `${base}REPORT_FORMAT_DOCX`, { token: operator });
    assert.equal(bad.status, 400);
  });

  it('refuses a member the group’s reports (403) but exports their own quota statement', async () => {
    for (const path of [
      `/v1/groups/${g.groupId}/reports/financial-position`,
      `/v1/groups/${g.groupId}/reports/financial-position:export?format=REPORT_FORMAT_CSV`,
      `/v1/groups/${g.groupId}/reports/assemblies`,
    ]) {
      assert.equal((await download(path, member.token)).status, 403, path);
    }
    const own = await download(`/v1/quotas/${member.quotaId}/statement:export?format=REPORT_FORMAT_CSV`, member.token);
    assert.equal(own.status, 200);
    assert.equal(own.type, CSV);
    const rows = readCsv(own.data);
    const s = await p.call('GET', `/v1/quotas/${member.quotaId}/statement`, { token: member.token });
    const installments = await p.call('GET', `/v1/quotas/${member.quotaId}/installments`, { token: member.token });
    assert.equal(rows.length, 1 + installments.body.installments.length + 1, 'header, installments, totals');
    const totals = rows.at(-1)!;
    assert.equal(totals[0], 'Total');
    const paidInstallments = (installments.body.installments as { status: string; billed: { totalCentavos: string } }[])
      .filter((i) => i.status === 'INSTALLMENT_STATUS_PAID')
      .reduce((t, i) => t + BigInt(i.billed.totalCentavos), 0n);
    assert.equal(totals[7], centavosToDecimal(paidInstallments));
    assert.equal(s.body.statement.installmentsPaid, 3);

    const pdf = await download(`/v1/quotas/${member.quotaId}/statement:export?format=REPORT_FORMAT_PDF`, member.token);
    assert.equal(pdf.type, PDF);
    assert.match((await readPdfText(pdf.data)).text, /Quota statement - group G-REPORT/);
    const theirs = await download(
      `/v1/quotas/${other.quotaId}/statement:export?format=REPORT_FORMAT_CSV`,
      member.token,
    );
    assert.equal(theirs.status, 403);
  });
});
