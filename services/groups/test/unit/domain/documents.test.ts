import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  isValidCnpj,
  isValidCpf,
  maskDocument,
  normalizeCnpj,
  normalizeCpf,
  validateDocument,
  validateMemberInput,
} from '../../../src/domain';
import { assertInvalid } from './fixtures';

// An oracle written differently from the code under test: weights counted from the right (2, 3, … for CPF;
// 2..9 cycling for CNPJ) and the "(10 × sum mod 11) mod 10" form of the check digit.
const checkDigit = (digits: number[], cycle: number): number => {
  let sum = 0;
  for (let k = 0; k < digits.length; k++) sum += (digits[digits.length - 1 - k] as number) * ((k % cycle) + 2);
  return ((sum * 10) % 11) % 10;
};
const remainders = (digits: number[], cycle: number): [number, number] => {
  const r = (ds: number[]): number =>
    ds.reduceRight((acc, d, i) => acc + d * (((ds.length - 1 - i) % cycle) + 2), 0) % 11;
  const n = digits.length;
  return [r(digits.slice(0, n - 2)), r(digits.slice(0, n - 1))];
};
const oracle = (text: string, length: number, cycle: number): boolean => {
  if (!new RegExp(`^\\d{${length}}$`).test(text) || new Set(text).size === 1) return false;
  const ds = [...text].map(Number);
  const d1 = checkDigit(ds.slice(0, length - 2), cycle);
  const d2 = checkDigit([...ds.slice(0, length - 2), d1], cycle);
  return d1 === ds[length - 2] && d2 === ds[length - 1];
};
const CPF = { length: 11, cycle: 100, valid: isValidCpf }; // CPF weights never cycle
const CNPJ = { length: 14, cycle: 8, valid: isValidCnpj };

const digitStrings = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''));
/** A document built from random base digits plus the oracle's check digits. */
const validDoc = (doc: typeof CPF) =>
  fc
    .array(fc.integer({ min: 0, max: 9 }), { minLength: doc.length - 2, maxLength: doc.length - 2 })
    .filter((base) => new Set(base).size > 1)
    .map((base) => {
      const d1 = checkDigit(base, doc.cycle);
      return [...base, d1, checkDigit([...base, d1], doc.cycle)].join('');
    });

describe('CPF', () => {
  for (const raw of ['529.982.247-25', '52998224725', '111.444.777-35', '111 444 777 35'])
    it(`accepts ${raw}`, () => assert.equal(isValidCpf(raw), true));
  for (const raw of [
    '529.982.247-24',
    '529.982.247-15',
    '5299822472',
    '529982247250',
    '5299822472a',
    '52998224725x',
    '',
  ])
    it(`rejects ${JSON.stringify(raw)}`, () => assert.equal(isValidCpf(raw), false));
  for (let d = 0; d <= 9; d++)
    it(`rejects the all-${d} CPF, whose arithmetic would pass`, () =>
      assert.equal(isValidCpf(String(d).repeat(11)), false));
  it('normalizes by dropping dots, dashes and spaces only', () => {
    assert.equal(normalizeCpf('529.982.247-25'), '52998224725');
    assert.equal(normalizeCpf('529a982'), '529a982');
  });
  it('gives the same verdict as an independent check-digit computation for any 11 digits (property)', () =>
    fc.assert(
      fc.property(fc.oneof(digitStrings(11), validDoc(CPF)), (s) => isValidCpf(s) === oracle(s, 11, CPF.cycle)),
      { numRuns: 2000 },
    ));
  it('accepts every generated valid CPF, with or without punctuation (property)', () =>
    fc.assert(
      fc.property(
        validDoc(CPF),
        (s) => isValidCpf(s) && isValidCpf(`${s.slice(0, 3)}.${s.slice(3, 6)}.${s.slice(6, 9)}-${s.slice(9)}`),
      ),
    ));
});

describe('CNPJ', () => {
  for (const raw of ['11.222.333/0001-81', '11222333000181', '04.252.011/0001-10'])
    it(`accepts ${raw}`, () => assert.equal(isValidCnpj(raw), true));
  for (const raw of ['11.222.333/0001-80', '11.222.333/0001-91', '1122233300018', '112223330001811', '52998224725'])
    it(`rejects ${raw}`, () => assert.equal(isValidCnpj(raw), false));
  for (let d = 0; d <= 9; d++)
    it(`rejects the all-${d} CNPJ`, () => assert.equal(isValidCnpj(String(d).repeat(14)), false));
  it('normalizes by dropping dots, slashes, dashes and spaces', () =>
    assert.equal(normalizeCnpj('11.222.333/0001-81'), '11222333000181'));
  it('gives the same verdict as an independent check-digit computation for any 14 digits (property)', () =>
    fc.assert(
      fc.property(fc.oneof(digitStrings(14), validDoc(CNPJ)), (s) => isValidCnpj(s) === oracle(s, 14, CNPJ.cycle)),
      { numRuns: 2000 },
    ));
  it('accepts every generated valid CNPJ (property)', () =>
    fc.assert(fc.property(validDoc(CNPJ), (s) => isValidCnpj(s))));
});

for (const doc of [
  { name: 'CPF', ...CPF },
  { name: 'CNPJ', ...CNPJ },
]) {
  describe(`a single-digit change to a valid ${doc.name}`, () => {
    const change = fc.tuple(validDoc(doc), fc.nat(doc.length - 1), fc.integer({ min: 1, max: 9 }));
    const mutate = (s: string, i: number, delta: number): string =>
      s.slice(0, i) + String((Number(s[i]) + delta) % 10) + s.slice(i + 1);
    it('is always caught when it hits a check digit (property)', () =>
      fc.assert(
        fc.property(change, ([s, i, delta]) => doc.valid(mutate(s, doc.length - 2 + (i % 2), delta)) === false),
      ));
    // Mod 11 maps remainders 0 and 1 to the same check digit 0, so a base-digit change that moves a remainder between
    // 0 and 1 keeps that check digit. And the CPF's second digit weighs its first digit by 11 ≡ 0, so that remainder
    // does not move at all for a change there. About 0.2 % of single changes go unseen; the property says which.
    it('is caught unless each check remainder stays put or stays within {0, 1} (property)', () =>
      fc.assert(
        fc.property(change, ([s, i, delta]) => {
          const m = mutate(s, i % (doc.length - 2), delta);
          const [a, b] = [remainders([...s].map(Number), doc.cycle), remainders([...m].map(Number), doc.cycle)];
          const same = (k: 0 | 1): boolean => a[k] === b[k] || (a[k] < 2 && b[k] < 2);
          const blind = same(0) && same(1) && new Set(m).size > 1;
          return doc.valid(m) === blind;
        }),
        { numRuns: 3000 },
      ));
  });
}

describe('known blind spot of the mod-11 check digits', () => {
  it('accepts both 000.005.982-08 and 100.005.982-08, one digit apart', () => {
    assert.equal(isValidCpf('00000598208'), true);
    assert.equal(isValidCpf('10000598208'), true);
  });
});

describe('validateDocument', () => {
  it('returns the bare digits of a valid CPF or CNPJ', () => {
    assert.equal(validateDocument('PERSON', '529.982.247-25'), '52998224725');
    assert.equal(validateDocument('COMPANY', '11.222.333/0001-81'), '11222333000181');
  });
  it('rejects a bad CPF on document with the CPF rule', () => {
    const err = assertInvalid(() => validateDocument('PERSON', '529.982.247-24'), ['document']);
    assert.equal(err.violations[0]?.rule, 'must be a valid CPF (11 digits with valid check digits)');
  });
  it('rejects a bad CNPJ on document with the CNPJ rule', () => {
    const err = assertInvalid(() => validateDocument('COMPANY', '11.222.333/0001-80'), ['document']);
    assert.equal(err.violations[0]?.rule, 'must be a valid CNPJ (14 digits with valid check digits)');
  });
  it('does not accept a CPF for a company or a CNPJ for a person', () => {
    assertInvalid(() => validateDocument('COMPANY', '52998224725'), ['document']);
    assertInvalid(() => validateDocument('PERSON', '11222333000181'), ['document']);
  });
  it('rejects an unknown kind on field kind', () =>
    assertInvalid(() => validateDocument('ROBOT' as never, '52998224725'), ['kind']));
});

describe('maskDocument', () => {
  it('shows only digits 4–9 of a CPF', () => assert.equal(maskDocument('PERSON', '52998224725'), '***.982.247-**'));
  it('matches the documented CPF shape', () => assert.equal(maskDocument('PERSON', '12345678909'), '***.456.789-**'));
  it('shows only the first 5 digits of a CNPJ', () =>
    assert.equal(maskDocument('COMPANY', '12345678000195'), '12.345.***/****-**'));
  it('accepts punctuated input', () =>
    assert.equal(maskDocument('COMPANY', '11.222.333/0001-81'), '11.222.***/****-**'));
  it('refuses a document of the wrong length', () => {
    assert.throws(() => maskDocument('PERSON', '1234'), RangeError);
    assert.throws(() => maskDocument('COMPANY', '52998224725'), RangeError);
  });
  it('never shows the check digits or the CPF region digits (property)', () =>
    fc.assert(
      fc.property(validDoc(CPF), (s) => maskDocument('PERSON', s) === `***.${s.slice(3, 6)}.${s.slice(6, 9)}-**`),
    ));
});

describe('validateMemberInput', () => {
  const good = {
    kind: 'PERSON' as const,
    document: '529.982.247-25',
    name: '  Maria da Silva ',
    email: ' maria@example.com ',
    phone: '+55 (11) 98765-4321',
  };
  it('returns the data normalized', () =>
    assert.deepEqual(validateMemberInput(good), {
      kind: 'PERSON',
      document: '52998224725',
      name: 'Maria da Silva',
      email: 'maria@example.com',
      phone: '5511987654321',
    }));
  it('accepts an empty email and phone', () => {
    const m = validateMemberInput({ ...good, email: '', phone: '' });
    assert.equal(m.email, '');
    assert.equal(m.phone, '');
  });
  it('accepts a company with its CNPJ', () =>
    assert.equal(
      validateMemberInput({ ...good, kind: 'COMPANY', document: '04.252.011/0001-10' }).document,
      '04252011000110',
    ));
  it('collects every violation at once', () =>
    assertInvalid(
      () => validateMemberInput({ kind: 'PERSON', document: '123', name: 'M', email: 'no-at-sign', phone: '123' }),
      ['document', 'name', 'email', 'phone'],
    ));
  it('reports an unknown kind instead of judging the document', () =>
    assertInvalid(() => validateMemberInput({ ...good, kind: 'ROBOT' as never }), ['kind']));
  const nameCases: [string, boolean][] = [
    ['Jo', true],
    ['J', false],
    ['   J   ', false],
    ['a'.repeat(200), true],
    ['a'.repeat(201), false],
    ['ã'.repeat(200), true],
  ];
  for (const [name, ok] of nameCases)
    it(`${ok ? 'accepts' : 'rejects'} a name of ${[...name.trim()].length} characters`, () =>
      ok
        ? assert.equal(validateMemberInput({ ...good, name }).name, name.trim())
        : assertInvalid(() => validateMemberInput({ ...good, name }), ['name']));
  for (const email of ['a@b.co', 'first.last+tag@sub.example.com.br'])
    it(`accepts email ${email}`, () => assert.equal(validateMemberInput({ ...good, email }).email, email));
  for (const email of ['plain', 'a@b', '@b.co', 'a@.co', 'a b@c.co', 'a@b..co', 'a@b.co.', `${'a'.repeat(250)}@b.co`])
    it(`rejects email ${JSON.stringify(email.length > 40 ? `${email.slice(0, 10)}…` : email)}`, () =>
      assertInvalid(() => validateMemberInput({ ...good, email }), ['email']));
  for (const phone of ['1198765432', '(11) 3456-7890', '5511987654321'])
    it(`accepts phone ${phone}`, () => assert.match(validateMemberInput({ ...good, phone }).phone, /^\d{10,13}$/));
  for (const phone of ['119876543', '55119876543210', '11 9876-543x'])
    it(`rejects phone ${phone}`, () => assertInvalid(() => validateMemberInput({ ...good, phone }), ['phone']));
});
