import { ValidationError } from '../errors';
import { renderCsv } from './csv';
import { renderPdf } from './pdf';
import type { TabularReport } from './report-model';
import { renderXlsx } from './xlsx';

/** The export formats. */
export type ExportFormat = 'CSV' | 'XLSX' | 'PDF';

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  CSV: 'text/csv; charset=utf-8',
  XLSX: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  PDF: 'application/pdf',
};

const EXTENSIONS: Record<ExportFormat, string> = { CSV: 'csv', XLSX: 'xlsx', PDF: 'pdf' };

/** A rendered file, in the shape of a `google.api.HttpBody` (plus its suggested file name). */
export interface RenderedReport {
  contentType: string;
  data: Buffer;
  fileName: string;
}

/** Renders a report in one of the export formats. */
export async function renderReport(report: TabularReport, format: ExportFormat): Promise<RenderedReport> {
  const data =
    format === 'CSV' ? renderCsv(report) : format === 'XLSX' ? await renderXlsx(report) : await renderPdf(report);
  return { contentType: CONTENT_TYPES[format], data, fileName: `${report.fileName}.${EXTENSIONS[format]}` };
}

/**
 * The export format a request names, from a proto `ReportFormat` enum value (1 CSV, 2 XLSX, 3 PDF — the numbering
 * every service's report proto shares); anything else is a ValidationError naming the field.
 */
export function exportFormatOf(value: number, field = 'format'): ExportFormat {
  switch (value) {
    case 1:
      return 'CSV';
    case 2:
      return 'XLSX';
    case 3:
      return 'PDF';
    default:
      throw new ValidationError(field, 'must be REPORT_FORMAT_CSV, REPORT_FORMAT_XLSX or REPORT_FORMAT_PDF');
  }
}

/**
 * The response of an export rpc: its `google.api.HttpBody` and its `file_name`, which the gateway sends as
 * `Content-Disposition: attachment` (every `Export*Response` declares `string file_name = 2`).
 */
export function httpBodyOf(file: RenderedReport): {
  body: { contentType: string; data: Buffer; extensions: [] };
  fileName: string;
} {
  return { body: { contentType: file.contentType, data: file.data, extensions: [] }, fileName: file.fileName };
}
