import ExcelJS from 'exceljs';
import { PDFParse } from 'pdf-parse';

/** A minimal RFC 4180 parser, for reading exports back in tests (quoted fields, doubled quotes, CRLF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** The CSV export's rows, the byte order mark checked and dropped. */
export function readCsv(data: Uint8Array): string[][] {
  const text = Buffer.from(data).toString('utf8');
  if (!text.startsWith('\uFEFF')) throw new Error('CSV export has no byte order mark');
  return parseCsv(text.slice(1));
}

/** The first worksheet's cell values, row by row (exceljs read-back). */
export async function readXlsx(data: Uint8Array): Promise<{ rows: unknown[][]; numFmts: string[]; sheets: string[] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(data) as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const rows: unknown[][] = [];
  ws.eachRow({ includeEmpty: false }, (r) => {
    const values = (r.values as unknown[]).slice(1);
    rows.push(Array.from({ length: ws.columnCount }, (_, i) => values[i] ?? null));
  });
  const numFmts = Array.from({ length: ws.columnCount }, (_, i) => ws.getRow(2).getCell(i + 1).numFmt ?? '');
  return { rows, numFmts, sheets: wb.worksheets.map((w) => w.name) };
}

/** The text of every page of a PDF export (pdf-parse 2). */
export async function readPdfText(data: Uint8Array): Promise<{ text: string; pages: number }> {
  const parser = new PDFParse({ data: new Uint8Array(data) });
  try {
    const r = await parser.getText();
    return { text: r.text, pages: r.total };
  } finally {
    await parser.destroy();
  }
}
