import assert from 'node:assert/strict';
import { parseCsv } from '../src/csv';

describe('cli: the CSV reader (RFC 4180)', () => {
  const fields = (text: string) => parseCsv(text).map((r) => r.fields);

  it('splits records on CRLF, LF and CR and fields on commas, keeping empty fields', () => {
    assert.deepEqual(fields('a,b,c\r\n1,,3\n4,5,\r6,7,8'), [
      ['a', 'b', 'c'],
      ['1', '', '3'],
      ['4', '5', ''],
      ['6', '7', '8'],
    ]);
  });

  it('reads quoted fields holding commas, doubled quotes and line breaks', () => {
    assert.deepEqual(fields('"Silva, Maria","say ""oi""","two\r\nlines"\r\nx,"",y'), [
      ['Silva, Maria', 'say "oi"', 'two\r\nlines'],
      ['x', '', 'y'],
    ]);
  });

  it('skips blank lines and a final line break, and ignores a byte-order mark', () => {
    assert.deepEqual(fields('\uFEFFa,b\r\n\r\n\n1,2\r\n\r\n'), [
      ['a', 'b'],
      ['1', '2'],
    ]);
    assert.deepEqual(parseCsv(''), []);
  });

  it('gives each record the line it starts on, counting the lines inside quoted fields', () => {
    const records = parseCsv('h1,h2\n\n"multi\nline",x\n"a\r\nb\r\nc",y\nlast,z\n');
    assert.deepEqual(
      records.map((r) => r.line),
      [1, 3, 5, 8],
    );
  });

  it('keeps a malformed record with its problem and goes on with the next line', () => {
    const records = parseCsv('a,b\nbad"quote,x\n"closed"tail,y\ngood,z\n');
    assert.deepEqual(
      records.map((r) => [r.line, r.error ?? 'ok']),
      [
        [1, 'ok'],
        [2, 'a quote inside an unquoted field (quote the whole field and double the quote: "")'],
        [3, 'text after the closing quote of a field'],
        [4, 'ok'],
      ],
    );
    assert.deepEqual(records[3]?.fields, ['good', 'z']);
  });

  it('reports a quoted field never closed, naming the line it was opened on', () => {
    const records = parseCsv('a,b\n1,2\n"open,3\n4,5\n');
    assert.equal(records.length, 3);
    assert.equal(records[2]?.line, 3);
    assert.equal(records[2]?.error, 'a quoted field opened on line 3 is never closed');
  });
});
