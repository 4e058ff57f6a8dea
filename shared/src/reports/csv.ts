import { centavosToDecimal, pctToPercent } from './decimal';
import { checkReport, totalsRow, type ReportCell, type ReportColumn, type TabularReport } from './report-model';

/** UTF-8 byte order mark: spreadsheet programs need it to read accents (Excel in pt-BR would guess Windows-1252). */
const BOM = '\uFEFF';

/**
 * RFC 4180 CSV: comma-separated, CRLF line ends, a field quoted when it holds a comma, quote or line break (quotes
 * doubled). One header row of column titles, the rows, then the totals row when the report has one. Money is decimal
 * reais with a point (`1234.56`), percentages are percent with four decimals (`12.5000`), dates `YYYY-MM-DD`: plain
 * machine-readable values, so the file parses the same in any locale.
 */
export function renderCsv(report: TabularReport, opts: { bom?: boolean } = {}): Buffer {
  checkReport(report);
  const lines = [report.columns.map((c) => quoteField(c.title))];
  for (const row of report.rows) lines.push(row.map((cell, i) => quoteField(csvValue(report.columns[i]!, cell))));
  const totals = totalsRow(report);
  if (totals) lines.push(totals.map((cell, i) => quoteField(csvValue(report.columns[i]!, cell, true))));
  const text = lines.map((l) => l.join(',')).join('\r\n') + '\r\n';
  return Buffer.from(((opts.bom ?? true) ? BOM : '') + text, 'utf8');
}

function csvValue(column: ReportColumn, cell: ReportCell, inTotals = false): string {
  if (cell === null) return '';
  if (inTotals && typeof cell === 'string' && column.type !== 'text' && column.type !== 'date') return cell;
  switch (column.type) {
    case 'centavos':
      return typeof cell === 'bigint' ? centavosToDecimal(cell) : String(cell);
    case 'pct':
      return typeof cell === 'bigint' ? pctToPercent(cell) : String(cell);
    default:
      return String(cell);
  }
}

/** Quotes a field when RFC 4180 requires it. */
export function quoteField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
