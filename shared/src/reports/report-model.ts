import { ValidationError } from '../errors';

/**
 * A tabular report: typed columns, rows of cells and an optional totals row. Renderers (CSV, XLSX, PDF) format each
 * cell by its column's type, so the same report reads the same in every format.
 *
 * Types: `text` (string), `integer` (a count: number or bigint), `centavos` (money, bigint centavos), `pct` (bigint
 * pct units, 1 = 0.0001 %), `date` (`YYYY-MM-DD`). A null cell is empty.
 */
export type ColumnType = 'text' | 'integer' | 'centavos' | 'pct' | 'date';

export interface ReportColumn {
  /** Stable machine name (also the totals' key). */
  key: string;
  /** Header shown to people. */
  title: string;
  type: ColumnType;
}

export type ReportCell = string | number | bigint | null;

export interface TabularReport {
  /** The file's title (first line of the PDF, the sheet's name comes from `sheetName`). */
  title: string;
  /** Lines under the title: group code, as-of date… Ids and codes only, never personal data. */
  subtitle?: readonly string[];
  /** When the figures were computed. */
  generatedAt: Date;
  columns: readonly ReportColumn[];
  rows: readonly (readonly ReportCell[])[];
  /** The totals row, by column key; columns left out are empty (the first column reads "Total"). */
  totals?: Readonly<Record<string, ReportCell>>;
  /** Base of the download's file name, e.g. `financial-position-<group id>`. */
  fileName: string;
  /** Worksheet name (at most 31 characters in XLSX); default "Report". */
  sheetName?: string;
}

/** The totals as a row in column order, "Total" in the first column when it has no figure of its own. */
export function totalsRow(report: TabularReport): ReportCell[] | null {
  const totals = report.totals;
  if (!totals) return null;
  return report.columns.map((c, i) => totals[c.key] ?? (i === 0 ? 'Total' : null));
}

/** Refuses a report whose rows do not fit its columns or whose cells do not fit their types (a programming error). */
export function checkReport(report: TabularReport): void {
  report.rows.forEach((row, r) => {
    if (row.length !== report.columns.length) {
      throw new ValidationError(`rows[${r}]`, `has ${row.length} cells for ${report.columns.length} columns`);
    }
    row.forEach((cell, c) => checkCell(report.columns[c]!, cell, `rows[${r}][${c}]`));
  });
}

function checkCell(column: ReportColumn, cell: ReportCell, where: string): void {
  if (cell === null) return;
  const ok =
    column.type === 'text'
      ? typeof cell === 'string'
      : column.type === 'date'
        ? typeof cell === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(cell)
        : column.type === 'integer'
          ? typeof cell === 'bigint' || (typeof cell === 'number' && Number.isSafeInteger(cell))
          : typeof cell === 'bigint';
  if (!ok) throw new ValidationError(where, `is not a ${column.type} value (column ${column.key})`);
}
