import ExcelJS from 'exceljs';
import { centavosToDecimal, pctToFraction } from './decimal';
import { checkReport, totalsRow, type ReportCell, type ReportColumn, type TabularReport } from './report-model';

const NUM_FMT: Record<ReportColumn['type'], string | undefined> = {
  text: undefined,
  integer: '#,##0',
  centavos: '"R$" #,##0.00',
  pct: '0.0000%',
  date: 'yyyy-mm-dd',
};

/**
 * An XLSX workbook: the first sheet is the table (header row 1, then the rows and a bold totals row), so it sorts
 * and filters as is; a second sheet, "Info", holds the title, subtitle lines and generation time.
 *
 * Money stays bigint centavos until the cell is written: the exact decimal string (`1234.56`) is built with bigint
 * arithmetic and only then turned into the cell's number, formatted `R$ #,##0.00`. That number is the double nearest
 * the exact amount — what a spreadsheet stores for any decimal — and exact to the centavo for any amount below
 * R$ 90 trillion (2^53 centavos). Percentages become fractions formatted `0.0000%`, dates real dates.
 */
export async function renderXlsx(report: TabularReport): Promise<Buffer> {
  checkReport(report);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'consorcio';
  wb.created = report.generatedAt;
  wb.title = report.title;
  const ws = wb.addWorksheet((report.sheetName ?? 'Report').slice(0, 31));
  ws.columns = report.columns.map((c) => ({
    header: c.title,
    key: c.key,
    width: Math.max(12, Math.min(40, c.title.length + 4)),
  }));
  ws.getRow(1).font = { bold: true };
  for (const row of report.rows) ws.addRow(row.map((cell, i) => xlsxValue(report.columns[i]!, cell)));
  const totals = totalsRow(report);
  if (totals) {
    const added = ws.addRow(totals.map((cell, i) => xlsxValue(report.columns[i]!, cell)));
    added.font = { bold: true };
  }
  report.columns.forEach((c, i) => {
    const fmt = NUM_FMT[c.type];
    if (fmt) ws.getColumn(i + 1).numFmt = fmt;
  });
  ws.views = [{ state: 'frozen', ySplit: 1 }];

  const info = wb.addWorksheet('Info');
  info.addRow([report.title]).font = { bold: true };
  for (const line of report.subtitle ?? []) info.addRow([line]);
  info.addRow([`Generated at ${report.generatedAt.toISOString()}`]);
  info.getColumn(1).width = 60;

  return Buffer.from(await wb.xlsx.writeBuffer());
}

function xlsxValue(column: ReportColumn, cell: ReportCell): string | number | Date | null {
  if (cell === null) return null;
  if (typeof cell === 'string') {
    return column.type === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(cell) ? new Date(`${cell}T00:00:00Z`) : cell;
  }
  switch (column.type) {
    case 'centavos':
      return Number(centavosToDecimal(BigInt(cell)));
    case 'pct':
      return Number(pctToFraction(BigInt(cell)));
    default:
      return Number(cell);
  }
}
