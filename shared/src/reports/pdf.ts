import { formatBRL, formatPct } from '../money';
import { PDF_FONTS, renderPdfDocument } from '../pdf';
import { formatInteger } from './decimal';
import { checkReport, totalsRow, type ReportCell, type ReportColumn, type TabularReport } from './report-model';

const MARGIN = 40;
const ROW_HEIGHT = 16;
const FONT_SIZE = 8;
/** Text columns get twice the width of figure columns. */
const WEIGHT: Record<ReportColumn['type'], number> = { text: 2, integer: 1, centavos: 1.4, pct: 1, date: 1.1 };

/**
 * A PDF of the report: A4 landscape, the title, subtitle lines and generation time on top, then the table with its
 * header repeated on every page, the totals row in bold at the end and "page i of n" in each footer. Money in reais
 * (`R$ 1.234,56`), counts and percentages in Brazilian notation. Only the standard Helvetica fonts (WinAnsi), so no
 * font files are needed.
 */
export function renderPdf(report: TabularReport): Promise<Buffer> {
  checkReport(report);
  return renderPdfDocument(
    {
      title: report.title,
      producer: 'consorcio',
      createdAt: report.generatedAt,
      margin: MARGIN,
      landscape: true,
      footer: (page, pages) => `${report.title} — page ${page} of ${pages}`,
    },
    (doc) => drawReport(doc, report),
  );
}

function drawReport(doc: PDFKit.PDFDocument, report: TabularReport): void {
  doc.font(PDF_FONTS.bold).fontSize(14).text(report.title);
  doc.font(PDF_FONTS.regular).fontSize(9);
  for (const line of report.subtitle ?? []) doc.text(line);
  doc.text(`Generated at ${report.generatedAt.toISOString()}`);
  doc.moveDown();

  const widths = columnWidths(report.columns, doc.page.width - 2 * MARGIN);
  const titles = report.columns.map((c) => c.title);
  let y = drawRow(doc, report.columns, widths, doc.y, titles, true, true);
  const bottom = () => doc.page.height - MARGIN - ROW_HEIGHT;
  const rows = report.rows.map((r) => ({ cells: r, bold: false }));
  const totals = totalsRow(report);
  if (totals) rows.push({ cells: totals, bold: true });
  for (const row of rows) {
    if (y > bottom()) {
      doc.addPage();
      y = drawRow(doc, report.columns, widths, MARGIN, titles, true, true);
    }
    const texts = row.cells.map((cell, i) => pdfText(report.columns[i]!, cell));
    y = drawRow(doc, report.columns, widths, y, texts, row.bold, false);
  }
}

function columnWidths(columns: readonly ReportColumn[], total: number): number[] {
  const sum = columns.reduce((s, c) => s + WEIGHT[c.type], 0);
  return columns.map((c) => (total * WEIGHT[c.type]) / sum);
}

/** Draws one row at `y` and returns the next row's y. */
function drawRow(
  doc: PDFKit.PDFDocument,
  columns: readonly ReportColumn[],
  widths: readonly number[],
  y: number,
  texts: readonly string[],
  bold: boolean,
  header: boolean,
): number {
  doc.font(bold ? PDF_FONTS.bold : PDF_FONTS.regular).fontSize(FONT_SIZE);
  let x = MARGIN;
  columns.forEach((c, i) => {
    const w = widths[i]!;
    const right = !header && c.type !== 'text' && c.type !== 'date';
    doc.text(texts[i] ?? '', x + 2, y + 4, {
      width: w - 4,
      align: right ? 'right' : 'left',
      lineBreak: false,
      ellipsis: true,
    });
    x += w;
  });
  const lineY = y + ROW_HEIGHT;
  doc
    .moveTo(MARGIN, lineY)
    .lineTo(MARGIN + widths.reduce((a, b) => a + b, 0), lineY)
    .lineWidth(header || bold ? 0.8 : 0.3)
    .stroke();
  return lineY;
}

function pdfText(column: ReportColumn, cell: ReportCell): string {
  if (cell === null) return '';
  if (typeof cell === 'string') return cell;
  switch (column.type) {
    case 'centavos':
      return formatBRL(BigInt(cell));
    case 'pct':
      return formatPct(BigInt(cell));
    case 'integer':
      return formatInteger(cell);
    default:
      return String(cell);
  }
}
