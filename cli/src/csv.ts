/**
 * A small RFC 4180 reader: comma-separated fields, records ending in CRLF (or a bare LF/CR), fields in double quotes
 * when they hold commas, quotes or line breaks, a quote inside them doubled. Every record keeps the line it starts on,
 * so the import names rows by line number even when a quoted field spans several lines. A malformed record is kept
 * with its problem instead of aborting the whole file: the operator sees every bad row at once.
 */

export interface CsvRecord {
  /** 1-based line the record starts on. */
  line: number;
  fields: string[];
  /** Why the record could not be read; its fields are then whatever was read before the problem. */
  error?: string;
}

/** Parses CSV text. Blank lines are skipped; a leading byte-order mark is ignored. */
export function parseCsv(text: string): CsvRecord[] {
  const s = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let i = 0;
  let line = 1;

  /** Consumes a line break at i (CRLF, LF or CR) and counts it; false when there is none. */
  const lineBreak = (): boolean => {
    if (s[i] === '\r' && s[i + 1] === '\n') i += 2;
    else if (s[i] === '\n' || s[i] === '\r') i += 1;
    else return false;
    line++;
    return true;
  };
  /** After a problem, skips the rest of the physical line so the next record starts clean. */
  const skipLine = (): void => {
    while (i < s.length && !lineBreak()) i++;
  };

  while (i < s.length) {
    const record: CsvRecord = { line, fields: [] };
    if (lineBreak()) continue; // a blank line
    for (;;) {
      const field = readField();
      if (typeof field !== 'string') {
        record.error = field.error;
        if (!field.atEnd) skipLine();
        break;
      }
      record.fields.push(field);
      if (s[i] === ',') {
        i++;
        continue;
      }
      lineBreak(); // or the end of the text
      break;
    }
    records.push(record);
  }
  return records;

  /** One field up to (not including) its comma or line break. */
  function readField(): string | { error: string; atEnd?: boolean } {
    if (s[i] !== '"') {
      const start = i;
      while (i < s.length && s[i] !== ',' && s[i] !== '\n' && s[i] !== '\r') {
        if (s[i] === '"')
          return { error: 'a quote inside an unquoted field (quote the whole field and double the quote: "")' };
        i++;
      }
      return s.slice(start, i);
    }
    const opened = line;
    let value = '';
    i++; // the opening quote
    for (;;) {
      if (i >= s.length) return { error: `a quoted field opened on line ${opened} is never closed`, atEnd: true };
      const c = s[i] as string;
      if (c === '"') {
        if (s[i + 1] === '"') {
          value += '"';
          i += 2;
          continue;
        }
        i++; // the closing quote
        if (i < s.length && s[i] !== ',' && s[i] !== '\n' && s[i] !== '\r')
          return { error: 'text after the closing quote of a field' };
        return value;
      }
      if (c === '\r' || c === '\n') {
        const start = i;
        lineBreak();
        value += s.slice(start, i);
        continue;
      }
      value += c;
      i++;
    }
  }
}
