import { ValidationError } from '@consorcio/shared/errors';
import { normalizeCpf, validateMemberInput } from '@consorcio/groups/domain/documents';
import {
  ENROLLMENT_CHANNELS,
  MEMBER_KINDS,
  type EnrollmentChannel,
  type MemberKind,
} from '@consorcio/groups/domain/types';
import { parseCsv, type CsvRecord } from '../csv';

/**
 * The members file of `consorcio members import`: a header row naming the columns (any order), then one row per
 * seat to sell. Every row is checked before anything is sent, with the groups service's own rules for members (CPF
 * and CNPJ check digits, name, e-mail, phone: the same pure functions, imported), so a file is fixed in one pass.
 */
export const COLUMNS = ['kind', 'document', 'name', 'email', 'phone', 'channel', 'insurance'] as const;
export type Column = (typeof COLUMNS)[number];
const OPTIONAL: ReadonlySet<Column> = new Set(['email', 'phone']);

export interface MemberRow {
  line: number;
  kind: MemberKind;
  /** Bare digits. */
  document: string;
  name: string;
  email: string;
  phone: string;
  channel: EnrollmentChannel;
  insurance: boolean;
  /**
   * 1 for the document's first row in the file, 2 for its second (a member buying two seats)… Counted over every
   * row, bad ones included, so fixing a bad row does not renumber the rows after it.
   */
  occurrence: number;
}

export interface RowProblem {
  line: number;
  /** A column, or `row` for the row as a whole. */
  field: string;
  problem: string;
}

export interface CheckedFile {
  rows: MemberRow[];
  problems: RowProblem[];
  /** Lines of the refused rows, ascending. */
  refused: number[];
  /** Set when the file as a whole cannot be read (no header, unknown columns); nothing else is then checked. */
  fileProblem?: string;
}

const YES = new Set(['yes', 'y', 'sim', 's', 'true']);
const NO = new Set(['no', 'n', 'não', 'nao', 'false']);

/** Reads and checks a members CSV. */
export function checkMemberCsv(text: string): CheckedFile {
  const records = parseCsv(text);
  const header = records.shift();
  if (!header) return { rows: [], problems: [], refused: [], fileProblem: 'the file is empty: expected a header row' };
  const columns = columnsOf(header);
  if (typeof columns === 'string') return { rows: [], problems: [], refused: [], fileProblem: columns };

  const rows: MemberRow[] = [];
  const problems: RowProblem[] = [];
  const seen = new Map<string, number>();
  for (const record of records) {
    if (!record.error && record.fields.every((f) => f.trim() === '')) continue; // ",,,,,," from a spreadsheet
    const value = (c: Column): string => (record.fields[columns.indexOf(c)] ?? '').trim();
    const digits = normalizeCpf(value('document'));
    const occurrence = (seen.get(digits) ?? 0) + 1;
    if (digits) seen.set(digits, occurrence);
    const found = checkRecord(record, columns.length, value);
    if ('problems' in found) problems.push(...found.problems);
    else rows.push({ ...found, line: record.line, occurrence });
  }
  return { rows, problems, refused: [...new Set(problems.map((p) => p.line))] };
}

/** The header's columns in file order, or the file's problem. */
function columnsOf(header: CsvRecord): Column[] | string {
  if (header.error) return `line ${header.line}: ${header.error}`;
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const unknown = names.filter((n) => !(COLUMNS as readonly string[]).includes(n));
  const missing = COLUMNS.filter((c) => !names.includes(c));
  const twice = names.filter((n, i) => names.indexOf(n) !== i);
  const wrong = [
    ...(unknown.length ? [`unknown column(s) ${unknown.map((n) => JSON.stringify(n)).join(', ')}`] : []),
    ...(missing.length ? [`missing column(s) ${missing.join(', ')}`] : []),
    ...(twice.length ? [`column(s) ${twice.join(', ')} given twice`] : []),
  ];
  if (wrong.length) return `line ${header.line}: the header has ${wrong.join('; ')} (expected ${COLUMNS.join(',')})`;
  return names as Column[];
}

/** One data row: its values, or every problem it has. */
function checkRecord(
  record: CsvRecord,
  width: number,
  value: (c: Column) => string,
): Omit<MemberRow, 'line' | 'occurrence'> | { problems: RowProblem[] } {
  const line = record.line;
  if (record.error) return { problems: [{ line, field: 'row', problem: record.error }] };
  if (record.fields.length !== width)
    return {
      problems: [{ line, field: 'row', problem: `has ${record.fields.length} fields, the header has ${width}` }],
    };
  const problems: RowProblem[] = [];
  const fail = (field: string, problem: string): void => void problems.push({ line, field, problem });
  for (const c of COLUMNS) if (!OPTIONAL.has(c) && value(c) === '') fail(c, 'is required');
  const missing = new Set(problems.map((p) => p.field));

  const kind = value('kind')
    .toUpperCase()
    .replace(/^MEMBER_KIND_/, '') as MemberKind;
  const channel = value('channel')
    .toUpperCase()
    .replace(/^ENROLLMENT_CHANNEL_/, '') as EnrollmentChannel;
  if (!missing.has('channel') && !ENROLLMENT_CHANNELS.includes(channel))
    fail('channel', `must be one of ${ENROLLMENT_CHANNELS.join(', ')}`);
  const insurance = value('insurance').toLowerCase();
  if (!missing.has('insurance') && !YES.has(insurance) && !NO.has(insurance)) fail('insurance', 'must be yes or no');
  try {
    const member = validateMemberInput({
      kind,
      document: value('document'),
      name: value('name'),
      email: value('email'),
      phone: value('phone'),
    });
    if (problems.length === 0) return { ...member, channel, insurance: YES.has(insurance) };
  } catch (err) {
    if (!(err instanceof ValidationError)) throw err;
    for (const v of err.violations) {
      if (missing.has(v.field)) continue; // already "is required"
      fail(v.field, v.field === 'kind' ? `must be one of ${MEMBER_KINDS.join(', ')}` : v.rule);
    }
  }
  const order = (f: string): number => (COLUMNS as readonly string[]).indexOf(f);
  return { problems: problems.sort((a, b) => order(a.field) - order(b.field)) };
}
