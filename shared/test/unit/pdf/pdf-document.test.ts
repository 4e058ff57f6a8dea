import assert from 'node:assert/strict';
import { PDF_FONTS, renderPdfDocument } from '../../../src/pdf';
import { readPdfText } from '../reports/report-parsers';

const options = {
  title: 'Título',
  subject: 'Assunto',
  producer: 'consorcio test',
  createdAt: new Date('2026-02-10T13:00:00Z'),
  margin: 50,
};

describe('renderPdfDocument', () => {
  it('collects what the caller draws into one PDF', async () => {
    const bytes = await renderPdfDocument(options, (doc) => doc.font(PDF_FONTS.bold).text('Olá, consórcio'));
    assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.match((await readPdfText(bytes)).text, /Olá, consórcio/);
  });

  it('gives the same bytes for the same input (metadata dates from the caller, never the clock)', async () => {
    const draw = (doc: PDFKit.PDFDocument) => doc.text('igual');
    const a = await renderPdfDocument(options, draw);
    const b = await renderPdfDocument(options, draw);
    assert.ok(a.equals(b));
    const c = await renderPdfDocument({ ...options, createdAt: new Date('2026-02-11T13:00:00Z') }, draw);
    assert.ok(!a.equals(c));
  });

  it('writes the footer on every page, numbered', async () => {
    const bytes = await renderPdfDocument(
      { ...options, landscape: true, footer: (page, pages) => `página ${page} de ${pages}` },
      (doc) => {
        doc.text('um');
        doc.addPage().text('dois');
      },
    );
    const { text, pages } = await readPdfText(bytes);
    assert.equal(pages, 2);
    assert.match(text, /página 1 de 2/);
    assert.match(text, /página 2 de 2/);
  });
});
