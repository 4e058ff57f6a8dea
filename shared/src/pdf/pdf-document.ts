import PDFDocument from 'pdfkit';

/**
 * What every PDF of the platform shares (generated documents, report exports): an A4 pdfkit document whose metadata
 * comes from the caller — the dates included, and pdfkit derives the file ID from them — so the same input always
 * gives the same bytes; the standard Helvetica fonts (WinAnsi, no font files); an optional footer on every page; the
 * bytes collected into one Buffer. Each caller keeps its own layout code and draws through `draw`.
 */

/** The standard fonts every PDF uses. */
export const PDF_FONTS = {
  regular: 'Helvetica',
  bold: 'Helvetica-Bold',
  italic: 'Helvetica-Oblique',
} as const;

export interface PdfDocumentOptions {
  title: string;
  subject?: string;
  /** Author, Creator and Producer of the metadata, e.g. `consorcio documents`. */
  producer: string;
  /** CreationDate and ModDate: the source's time (an event's, a report's generation), never the wall clock. */
  createdAt: Date;
  margin: number;
  landscape?: boolean;
  /** The footer text of page `page` of `pages` (1-based), written at the bottom of every page once `draw` is done. */
  footer?: (page: number, pages: number) => string;
}

/** Creates the document, lets `draw` lay the content out, adds the footers and resolves with the PDF's bytes. */
export function renderPdfDocument(o: PdfDocumentOptions, draw: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    ...(o.landscape ? { layout: 'landscape' as const } : {}),
    margin: o.margin,
    // Pages stay in memory only when a footer has to go back to them.
    ...(o.footer ? { bufferPages: true } : {}),
    info: {
      Title: o.title,
      ...(o.subject === undefined ? {} : { Subject: o.subject }),
      Author: o.producer,
      Creator: o.producer,
      Producer: o.producer,
      CreationDate: o.createdAt,
      ModDate: o.createdAt,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  try {
    draw(doc);
    if (o.footer) writeFooters(doc, o.margin, o.footer);
  } finally {
    doc.end();
  }
  return done;
}

function writeFooters(doc: PDFKit.PDFDocument, margin: number, footer: (page: number, pages: number) => string): void {
  const range = doc.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    // Writing inside the bottom margin would start a new page.
    const savedBottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font(PDF_FONTS.regular)
      .fontSize(7)
      .text(footer(i + 1, range.count), margin, doc.page.height - margin / 2 - 4, {
        width: doc.page.width - 2 * margin,
        align: 'right',
        lineBreak: false,
      });
    doc.page.margins.bottom = savedBottom;
  }
}
