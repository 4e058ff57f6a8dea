import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  centavosToDecimal,
  exportFormatOf,
  httpBodyOf,
  pctToFraction,
  pctToPercent,
  renderCsv,
  renderPdf,
  renderReport,
  renderXlsx,
  type TabularReport,
} from '../../../src/reports';
import { parseCsv, readCsv, readPdfText, readXlsx } from './report-parsers';

const sample = (over: Partial<TabularReport> = {}): TabularReport => ({
  title: 'Cobranças por período',
  subtitle: ['Group G-1'],
  generatedAt: new Date('2025-03-01T12:00:00Z'),
  fileName: 'sample',
  columns: [
    { key: 'name', title: 'Name, "quoted"', type: 'text' },
    { key: 'count', title: 'Count', type: 'integer' },
    { key: 'amount', title: 'Amount', type: 'centavos' },
    { key: 'rate', title: 'Rate', type: 'pct' },
    { key: 'due', title: 'Due', type: 'date' },
  ],
  rows: [
    ['a, b', 1, 123_456n, 125_000n, '2025-02-05'],
    ['line\nbreak "x"', 2, -5n, 1n, null],
    ['ção', 3, 0n, 1_000_000n, '2025-12-31'],
  ],
  totals: { count: 6, amount: 123_451n },
  ...over,
});

describe('reports: exact decimals', () => {
  it('writes centavos and pct units as exact decimal strings', () => {
    assert.equal(centavosToDecimal(123_456n), '1234.56');
    assert.equal(centavosToDecimal(-5n), '-0.05');
    assert.equal(centavosToDecimal(0n), '0.00');
    assert.equal(pctToPercent(125_000n), '12.5000');
    assert.equal(pctToFraction(125_000n), '0.125000');
  });

  it('round-trips any amount: the decimal string read back as centavos is the amount', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }), (c) => {
        assert.equal(BigInt(centavosToDecimal(c).replace('.', '')), c);
      }),
    );
  });
});

describe('reports: CSV', () => {
  it('quotes per RFC 4180, starts with a BOM and ends every record with CRLF', () => {
    const buf = renderCsv(sample());
    const text = buf.toString('utf8');
    assert.ok(text.startsWith('\uFEFF'));
    assert.ok(text.endsWith('\r\n'));
    assert.deepEqual(readCsv(buf), [
      ['Name, "quoted"', 'Count', 'Amount', 'Rate', 'Due'],
      ['a, b', '1', '1234.56', '12.5000', '2025-02-05'],
      ['line\nbreak "x"', '2', '-0.05', '0.0001', ''],
      ['ção', '3', '0.00', '100.0000', '2025-12-31'],
      ['Total', '6', '1234.51', '', ''],
    ]);
    assert.ok(!renderCsv(sample(), { bom: false }).toString('utf8').startsWith('\uFEFF'));
  });

  it('reads back any text unchanged', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 5 }), (cells) => {
        const report = sample({
          columns: cells.map((_, i) => ({ key: `c${i}`, title: `C${i}`, type: 'text' as const })),
          rows: [cells],
          totals: undefined,
        });
        const back = parseCsv(renderCsv(report, { bom: false }).toString('utf8'));
        assert.deepEqual(back[1], cells);
      }),
    );
  });

  it('refuses a cell that does not fit its column, naming it', () => {
    assert.throws(() => renderCsv(sample({ rows: [['x', 1, 1.5, 0n, null]] })), /rows\[0\]\[2\].*centavos/);
    assert.throws(() => renderCsv(sample({ rows: [['x']] })), /rows\[0\]: has 1 cells for 5 columns/);
  });
});

describe('reports: XLSX', () => {
  it('writes the table on the first sheet with money as R$ numbers, pct as fractions and real dates', async () => {
    const { rows, numFmts, sheets } = await readXlsx(await renderXlsx(sample()));
    assert.deepEqual(sheets, ['Report', 'Info']);
    assert.deepEqual(rows[0], ['Name, "quoted"', 'Count', 'Amount', 'Rate', 'Due']);
    assert.deepEqual(rows[1], ['a, b', 1, 1234.56, 0.125, new Date('2025-02-05T00:00:00Z')]);
    assert.deepEqual(rows[2], ['line\nbreak "x"', 2, -0.05, 0.000001, null]);
    assert.deepEqual(rows[4], ['Total', 6, 1234.51, null, null]);
    assert.equal(numFmts[2], '"R$" #,##0.00');
    assert.equal(numFmts[3], '0.0000%');
  });
});

describe('reports: PDF', () => {
  it('shows the title, generation time, rows in reais and the totals, over as many pages as needed', async () => {
    const many = sample({ rows: Array.from({ length: 90 }, (_, i) => [`r${i}`, i, BigInt(i) * 100_001n, 0n, null]) });
    const { text, pages } = await readPdfText(await renderPdf(many));
    assert.ok(pages >= 3, `pages ${pages}`);
    assert.match(text, /Cobranças por período/);
    assert.match(text, /Generated at 2025-03-01T12:00:00.000Z/);
    assert.match(text, /R\$ 89\.000,89/);
    assert.match(text, /Total.*R\$ 1\.234,51/);
    assert.match(text, /page 3 of \d/);
  });

  it('shows percentages in pt-BR and renders the same bytes for the same report (dates from the report)', async () => {
    const bytes = await renderPdf(sample());
    assert.match((await readPdfText(bytes)).text, /12,5000 %/);
    assert.ok(bytes.equals(await renderPdf(sample())));
  });
});

describe('reports: formats', () => {
  it('maps the proto enum and names the field on a bad value', async () => {
    assert.equal(exportFormatOf(1), 'CSV');
    assert.equal(exportFormatOf(3), 'PDF');
    assert.throws(() => exportFormatOf(0), /format: must be REPORT_FORMAT_CSV/);
    const file = await renderReport(sample(), 'XLSX');
    assert.equal(file.contentType, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    assert.equal(file.fileName, 'sample.xlsx');
  });

  it("answers an export rpc with the HttpBody and the file name the gateway sends as the attachment's name", async () => {
    const reply = httpBodyOf(await renderReport(sample(), 'CSV'));
    assert.equal(reply.fileName, 'sample.csv');
    assert.equal(reply.body.contentType, 'text/csv; charset=utf-8');
    assert.ok(reply.body.data.length > 0);
  });
});
