import { PDF_FONTS, renderPdfDocument } from '@consorcio/shared/pdf';
import type { Block, DocumentLayout } from '../domain/layout';

const MARGIN = 50;
const PRODUCER = 'consorcio documents';

/**
 * Renders a layout as a PDF (shared `renderPdfDocument`, pdfkit, no browser). Deterministic: the dates and the file ID
 * come from the layout (pdfkit derives the ID from the document's info), so the same layout always gives the same bytes
 * and SHA-256 — regenerating a document from a redelivered event changes nothing.
 */
export function renderPdf(layout: DocumentLayout): Promise<Buffer> {
  return renderPdfDocument(
    { title: layout.title, subject: layout.subject, producer: PRODUCER, createdAt: layout.createdAt, margin: MARGIN },
    (doc) => {
      for (const block of layout.blocks) renderBlock(doc, block);
    },
  );
}

function renderBlock(doc: PDFKit.PDFDocument, block: Block): void {
  const width = doc.page.width - 2 * MARGIN;
  switch (block.kind) {
    case 'heading':
      doc.moveDown(0.6).font(PDF_FONTS.bold).fontSize(13).text(block.text, { width }).moveDown(0.3);
      return;
    case 'paragraph':
      doc.font(PDF_FONTS.regular).fontSize(9).text(block.text, { width, align: 'justify' }).moveDown(0.4);
      return;
    case 'fields':
      for (const [label, value] of block.rows) {
        doc.font(PDF_FONTS.bold).fontSize(10).text(`${label}: `, { continued: true });
        doc.font(PDF_FONTS.regular).text(value, { width });
      }
      return;
    case 'table':
      renderTable(doc, block, width);
  }
}

function renderTable(doc: PDFKit.PDFDocument, t: Extract<Block, { kind: 'table' }>, width: number): void {
  if (t.rows.length === 0) {
    doc.font(PDF_FONTS.italic).fontSize(10).text(t.empty, { width });
    return;
  }
  const columnWidth = width / t.headers.length;
  const row = (cells: readonly string[], font: string) => {
    if (doc.y > doc.page.height - MARGIN - 20) doc.addPage();
    const y = doc.y;
    doc.font(font).fontSize(9);
    cells.forEach((cell, i) =>
      doc.text(cell, MARGIN + i * columnWidth, y, { width: columnWidth - 4, lineBreak: false }),
    );
    doc.x = MARGIN;
    doc.y = y + 14;
  };
  row(t.headers, PDF_FONTS.bold);
  for (const cells of t.rows) row(cells, PDF_FONTS.regular);
  doc.moveDown(0.3);
}
