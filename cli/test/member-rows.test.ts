import assert from 'node:assert/strict';
import fc from 'fast-check';
import { enrollmentKey } from '../src/members/import-rows';
import { checkMemberCsv } from '../src/members/rows';

const HEADER = 'kind,document,name,email,phone,channel,insurance';
const GOOD = 'PERSON,529.982.247-25,Maria Silva,maria@example.com,(11) 98765-4321,PREMISES,yes';
const csv = (...rows: string[]) => [HEADER, ...rows].join('\r\n') + '\r\n';

/** The mod-11 check digit, written here again so the test does not trust the code it tests. */
function checkDigit(digits: number[], firstWeight: number, cycle?: number): number {
  const sum = digits.reduce((s, d, i) => {
    const w = firstWeight - i;
    return s + d * (cycle && w < 2 ? w + cycle : w);
  }, 0);
  const r = sum % 11;
  return r < 2 ? 0 : 11 - r;
}
function cpf(base: number[]): string {
  const d1 = checkDigit(base, 10);
  return [...base, d1, checkDigit([...base, d1], 11)].join('');
}
function cnpj(base: number[]): string {
  const d1 = checkDigit(base, 5, 8);
  return [...base, d1, checkDigit([...base, d1], 6, 8)].join('');
}
const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

describe('cli: the members file', () => {
  it('reads a good row: bare document digits, the channel and insurance for the API, occurrence 1', () => {
    const { rows, problems, refused } = checkMemberCsv(csv(GOOD));
    assert.deepEqual(problems, []);
    assert.deepEqual(refused, []);
    assert.deepEqual(rows, [
      {
        line: 2,
        kind: 'PERSON',
        document: '52998224725',
        name: 'Maria Silva',
        email: 'maria@example.com',
        phone: '11987654321',
        channel: 'PREMISES',
        insurance: true,
        occurrence: 1,
      },
    ]);
  });

  it('takes the columns in any order, names in any case, and optional e-mail and phone empty', () => {
    const text = 'Insurance,CHANNEL,name,document,kind,phone,email\nno,online,Acme Ltda,11.222.333/0001-81,company,,\n';
    const { rows, problems } = checkMemberCsv(text);
    assert.deepEqual(problems, []);
    assert.equal(rows[0]?.kind, 'COMPANY');
    assert.equal(rows[0]?.document, '11222333000181');
    assert.equal(rows[0]?.channel, 'ONLINE');
    assert.equal(rows[0]?.insurance, false);
  });

  it('checks every rule and names each bad row by line and field', () => {
    const { rows, problems, refused } = checkMemberCsv(
      csv(
        GOOD,
        'PERSON,529.982.247-24,Bad Digit,,,PREMISES,yes', // line 3: CPF check digit
        'COMPANY,11.222.333/0001-82,Acme,,,ONLINE,no', // line 4: CNPJ check digit
        'ROBOT,52998224725,Robo,,,PREMISES,yes', // line 5: kind
        'PERSON,,,not-an-email,123,DRIVE_THRU,maybe', // line 6: document, name required; email, phone, channel, insurance
        'PERSON,52998224725,Too,many,fields,here,yes,extra', // line 7: field count
        '"PERSON"x,52998224725,Quote,,,PREMISES,yes', // line 8: CSV syntax
        'PERSON,111.111.111-11,Same Digits,,,PHONE,no', // line 9: repeated digits are no CPF
      ),
    );
    assert.deepEqual(
      rows.map((r) => r.line),
      [2],
    );
    assert.deepEqual(refused, [3, 4, 5, 6, 7, 8, 9]);
    const at = (line: number) => problems.filter((p) => p.line === line).map((p) => p.field);
    assert.deepEqual(at(3), ['document']);
    assert.deepEqual(at(4), ['document']);
    assert.deepEqual(at(5), ['kind']);
    assert.deepEqual(at(6), ['document', 'name', 'email', 'phone', 'channel', 'insurance']);
    assert.deepEqual(at(7), ['row']);
    assert.deepEqual(at(8), ['row']);
    assert.deepEqual(at(9), ['document']);
    assert.match(problems.find((p) => p.line === 3)!.problem, /CPF/);
    assert.deepEqual(problems.find((p) => p.line === 6 && p.field === 'document')?.problem, 'is required');
    assert.match(problems.find((p) => p.line === 6 && p.field === 'channel')!.problem, /PREMISES, ONLINE, PHONE/);
  });

  it('numbers rows by the line they start on, across quoted line breaks and blank lines', () => {
    const text = `${HEADER}\n\n"PERSON",52998224725,"Maria\nSilva",,,PREMISES,yes\n,,,,,,\nPERSON,1,X,,,PREMISES,yes\n`;
    const { rows, refused } = checkMemberCsv(text);
    assert.equal(rows[0]?.line, 3);
    assert.deepEqual(refused, [6]);
  });

  it('counts each document’s occurrences in file order, bad rows included', () => {
    const { rows } = checkMemberCsv(
      csv(GOOD, 'PERSON,52998224725,Maria Silva,bad email,,PREMISES,yes', GOOD.replace('PREMISES', 'ONLINE')),
    );
    assert.deepEqual(
      rows.map((r) => [r.line, r.occurrence]),
      [
        [2, 1],
        [4, 3],
      ],
    );
  });

  it('refuses a file whose header is wrong, saying what is missing or unknown', () => {
    assert.match(checkMemberCsv('').fileProblem!, /empty/);
    const wrong = checkMemberCsv('kind,document,name,e-mail,phone,channel\nPERSON,x,y,,,PREMISES\n').fileProblem!;
    assert.match(wrong, /^line 1: .*unknown column\(s\) "e-mail".*missing column\(s\) email, insurance/);
  });

  it('derives the same Idempotency-Key for the same group, document and occurrence, and no personal data', () => {
    const k = enrollmentKey('0193-group', '52998224725', 1);
    assert.equal(k, enrollmentKey('0193-group', '52998224725', 1));
    assert.notEqual(k, enrollmentKey('0193-group', '52998224725', 2));
    assert.notEqual(k, enrollmentKey('0193-other', '52998224725', 1));
    assert.match(k, /^[\x21-\x7e]{8,128}$/);
    assert.ok(!k.includes('52998224725'));
  });

  describe('properties', () => {
    const base = (n: number) =>
      fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).filter((d) => new Set(d).size > 1);
    const documentArb = fc.oneof(
      base(9).map((b) => ({ kind: 'PERSON', digits: cpf(b) })),
      base(12).map((b) => ({ kind: 'COMPANY', digits: cnpj(b) })),
    );
    const punctuated = (kind: string, d: string) =>
      kind === 'PERSON'
        ? `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6, 9)}-${d.slice(9)}`
        : `${d.slice(0, 2)}.${d.slice(2, 5)}.${d.slice(5, 8)}/${d.slice(8, 12)}-${d.slice(12)}`;
    const rowArb = fc.record({
      doc: documentArb,
      punctuate: fc.boolean(),
      name: fc
        .string({ unit: fc.constantFrom(...'abcdeçãé ,"\'-'.split('')), minLength: 0, maxLength: 30 })
        .map((s) => `Jo${s}`),
      email: fc.constantFrom('', 'ana@example.com', 'x.y@mail.example.org'),
      phone: fc.constantFrom('', '11987654321', '+55 (21) 3333-4444'),
      channel: fc.constantFrom('PREMISES', 'online', 'Phone', 'ENROLLMENT_CHANNEL_ONLINE'),
      insurance: fc.constantFrom('yes', 'no', 'YES', 'No'),
    });
    type Row = typeof rowArb extends fc.Arbitrary<infer T> ? T : never;
    const line = (r: Row, document: string) =>
      [r.doc.kind, document, quote(r.name), r.email, quote(r.phone), r.channel, r.insurance].join(',');

    it('generates documents the way the Receita Federal does (known CPF and CNPJ)', () => {
      assert.equal(cpf([5, 2, 9, 9, 8, 2, 2, 4, 7]), '52998224725');
      assert.equal(cnpj([1, 1, 2, 2, 2, 3, 3, 3, 0, 0, 0, 1]), '11222333000181');
    });

    it('a generated valid row always validates, with its bare digits', () => {
      fc.assert(
        fc.property(rowArb, (r) => {
          const document = r.punctuate ? punctuated(r.doc.kind, r.doc.digits) : r.doc.digits;
          const { rows, problems } = checkMemberCsv(csv(line(r, document)));
          assert.deepEqual(problems, []);
          assert.equal(rows[0]?.document, r.doc.digits);
        }),
      );
    });

    it('a row with a corrupted check digit never validates, and only its document is blamed', () => {
      fc.assert(
        fc.property(rowArb, fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 9 }), (r, which, shift) => {
          const d = r.doc.digits;
          const at = d.length - which;
          const corrupted = d.slice(0, at) + String((Number(d[at]) + shift) % 10) + d.slice(at + 1);
          const { rows, problems } = checkMemberCsv(csv(line(r, corrupted)));
          assert.deepEqual(rows, []);
          assert.deepEqual(
            problems.map((p) => [p.line, p.field]),
            [[2, 'document']],
          );
        }),
      );
    });
  });
});
