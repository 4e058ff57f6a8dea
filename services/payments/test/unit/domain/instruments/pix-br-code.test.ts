import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createStaticPix, hasError, isStaticPix, parsePix } from 'pix-utils';
import { ValidationError } from '@consorcio/shared/errors';
import {
  PIX_MAX_AMOUNT,
  type PixChargeInput,
  buildPixPayload,
  crc16CcittFalse,
  foldToAscii,
  formatPixAmount,
  parsePixPayload,
} from '../../../../src/domain/instruments';

// The independent parser is pix-utils 2.8.2 (thalesog/pix-utils): its own TLV reader and table-driven CRC.

function assertInvalid(fn: () => unknown, field: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ValidationError, `expected a ValidationError, got ${String(err)}`);
    assert.equal(err.violations[0]?.field, field);
    return true;
  });
}

/** What pix-utils reads from `payload`; fails the test if it reports an error or a non-static payload. */
function readWithPixUtils(payload: string) {
  const pix = parsePix(payload);
  if (hasError(pix)) assert.fail(`pix-utils refused ${payload}: ${pix.message}`);
  if (!isStaticPix(pix)) assert.fail(`pix-utils did not read ${payload} as a static PIX`);
  return pix;
}

const CHARGE: PixChargeInput = {
  key: '11222333000181',
  amount: 247_519n,
  merchantName: 'Administradora Consórcio',
  merchantCity: 'São Paulo',
  txid: 'G001Q0123P011',
};
// Written field by field: 00 01 | 26 (00 GUI, 01 key) | 52 | 53 | 54 | 58 | 59 | 60 | 62 (05 txid) | 63 CRC.
const CHARGE_PAYLOAD =
  '000201' +
  '2636' +
  '0014br.gov.bcb.pix' +
  '011411222333000181' +
  '52040000' +
  '5303986' +
  '54072475.19' +
  '5802BR' +
  '5924Administradora Consorcio' +
  '6009Sao Paulo' +
  '6217' +
  '0513G001Q0123P011' +
  '6304348F';

describe('PIX BR Code ("copia e cola")', () => {
  describe('crc16CcittFalse', () => {
    it('has the catalogue check value 0x29B1 for "123456789"', () => {
      assert.equal(crc16CcittFalse('123456789'), 0x29b1);
      assert.equal(crc16CcittFalse(Buffer.from('123456789', 'ascii')), 0x29b1);
    });

    it('is the initial value 0xFFFF for no data, and covers every byte', () => {
      assert.equal(crc16CcittFalse(''), 0xffff);
      assert.equal(crc16CcittFalse(new Uint8Array([0x00])), 0xe1f0);
      assert.equal(crc16CcittFalse('A'), 0xb915);
    });
  });

  describe('buildPixPayload', () => {
    it('writes the known charge field by field, with the CRC of everything before its value', () => {
      assert.equal(buildPixPayload(CHARGE), CHARGE_PAYLOAD);
      const crc = crc16CcittFalse(CHARGE_PAYLOAD.slice(0, -4)).toString(16).toUpperCase().padStart(4, '0');
      assert.equal(CHARGE_PAYLOAD.slice(-4), crc);
    });

    it('is read by pix-utils with the same amount, key, txid, name and city', () => {
      const pix = readWithPixUtils(CHARGE_PAYLOAD);
      assert.equal(pix.pixKey, '11222333000181');
      assert.equal(pix.txid, 'G001Q0123P011');
      assert.equal(pix.transactionAmount, 2475.19);
      assert.equal(pix.merchantName, 'Administradora Consorcio');
      assert.equal(pix.merchantCity, 'Sao Paulo');
      assert.equal(pix.transactionCurrency, '986');
      assert.equal(pix.countryCode, 'BR');
      assert.equal(pix.merchantCategoryCode, '0000');
    });

    it('writes reais with exactly two decimals from centavos', () => {
      const cases: [bigint, string][] = [
        [1n, '0.01'],
        [10n, '0.10'],
        [100n, '1.00'],
        [247_519n, '2475.19'],
        [100_000_000n, '1000000.00'],
        [PIX_MAX_AMOUNT, '9999999999.99'],
      ];
      for (const [centavos, text] of cases) {
        assert.equal(formatPixAmount(centavos), text);
        const payload = buildPixPayload({ ...CHARGE, amount: centavos });
        assert.ok(payload.includes(`54${String(text.length).padStart(2, '0')}${text}5802BR`), payload);
        assert.equal(parsePixPayload(payload).amount, centavos);
      }
    });

    it('folds names and cities to ASCII', () => {
      const payload = buildPixPayload({ ...CHARGE, merchantName: '  Consórcio  Ação Já ', merchantCity: 'Conceição' });
      const parsed = parsePixPayload(payload);
      assert.equal(parsed.merchantName, 'Consorcio Acao Ja');
      assert.equal(parsed.merchantCity, 'Conceicao');
      assert.equal(foldToAscii('Itaú Unibanco Ñandú'), 'Itau Unibanco Nandu');
    });

    it('accepts every kind of PIX key', () => {
      for (const key of [
        '52998224725',
        '11222333000181',
        '+5511987654321',
        '+551133334444',
        'cobranca@consorcio.example',
        '123e4567-e89b-42d3-a456-426614174000',
      ]) {
        assert.equal(parsePixPayload(buildPixPayload({ ...CHARGE, key })).key, key);
        assert.equal(readWithPixUtils(buildPixPayload({ ...CHARGE, key })).pixKey, key);
      }
    });

    const invalid: [Partial<Record<keyof PixChargeInput, unknown>>, keyof PixChargeInput][] = [
      [{ key: '' }, 'key'],
      [{ key: '5299822472' }, 'key'],
      [{ key: '11987654321x' }, 'key'],
      [{ key: '+1155987654321' }, 'key'],
      [{ key: 'no-at-sign.example' }, 'key'],
      [{ key: `${'a'.repeat(70)}@x.example` }, 'key'],
      [{ key: '123e4567-e89b-42d3-a456-42661417400' }, 'key'],
      [{ amount: 0n }, 'amount'],
      [{ amount: -1n }, 'amount'],
      [{ amount: PIX_MAX_AMOUNT + 1n }, 'amount'],
      [{ amount: 2475.19 }, 'amount'],
      [{ merchantName: '' }, 'merchantName'],
      [{ merchantName: '   ' }, 'merchantName'],
      [{ merchantName: 'A'.repeat(26) }, 'merchantName'],
      [{ merchantName: 'Café ☕' }, 'merchantName'],
      [{ merchantName: 'Straße' }, 'merchantName'],
      [{ merchantCity: 'Sao Jose dos Campos' }, 'merchantCity'],
      [{ merchantCity: '' }, 'merchantCity'],
      [{ txid: '' }, 'txid'],
      [{ txid: 'G001-Q0123' }, 'txid'],
      [{ txid: '***' }, 'txid'],
      [{ txid: 'A'.repeat(26) }, 'txid'],
    ];
    for (const [change, field] of invalid)
      it(`rejects ${JSON.stringify(change, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))} on ${field}`, () => {
        assertInvalid(() => buildPixPayload({ ...CHARGE, ...change } as PixChargeInput), field);
      });

    it('accepts the limits: a 25-character name and txid, a 15-character city, a 77-character key', () => {
      const key = `${'a'.repeat(65)}@x.example.b`;
      assert.equal(key.length, 77);
      const input = {
        ...CHARGE,
        key,
        merchantName: 'N'.repeat(25),
        merchantCity: 'C'.repeat(15),
        txid: 'T'.repeat(25),
      };
      const parsed = parsePixPayload(buildPixPayload(input));
      assert.deepEqual(
        [parsed.key, parsed.merchantName, parsed.merchantCity, parsed.txid],
        [key, input.merchantName, input.merchantCity, input.txid],
      );
      assert.equal(readWithPixUtils(buildPixPayload(input)).pixKey, key);
    });
  });

  describe('parsePixPayload', () => {
    it('returns every field of a payload it wrote', () => {
      assert.deepEqual(parsePixPayload(CHARGE_PAYLOAD), {
        key: '11222333000181',
        amount: 247_519n,
        merchantName: 'Administradora Consorcio',
        merchantCity: 'Sao Paulo',
        txid: 'G001Q0123P011',
        merchantCategoryCode: '0000',
        currency: '986',
        countryCode: 'BR',
        crc: '348F',
      });
    });

    it('reads payloads written by pix-utils, including extra sub-fields and no amount', () => {
      const withInfo = createStaticPix({
        merchantName: 'Consorcio Exemplo',
        merchantCity: 'Curitiba',
        pixKey: 'cobranca@consorcio.example',
        infoAdicional: 'Parcela 12',
        txid: 'Q0042P012',
        transactionAmount: 1234.5,
      }).throwIfError();
      const parsed = parsePixPayload(withInfo.toBRCode());
      assert.equal(parsed.key, 'cobranca@consorcio.example');
      assert.equal(parsed.amount, 123_450n);
      assert.equal(parsed.txid, 'Q0042P012');
      assert.equal(parsed.merchantName, 'CONSORCIO EXEMPLO'); // pix-utils writes names in capitals

      const open = createStaticPix({
        merchantName: 'Consorcio Exemplo',
        merchantCity: 'Curitiba',
        pixKey: '52998224725',
        transactionAmount: 0,
      }).throwIfError();
      const noAmount = parsePixPayload(open.toBRCode());
      assert.equal(noAmount.amount, null);
      assert.equal(noAmount.txid, '***');
    });

    it('accepts a lower-case CRC and surrounding blanks', () => {
      const lower = CHARGE_PAYLOAD.slice(0, -4) + CHARGE_PAYLOAD.slice(-4).toLowerCase();
      const parsed = parsePixPayload(` ${lower}\n`);
      assert.equal(parsed.key, '11222333000181');
      assert.equal(parsed.crc, '348F');
    });

    it('rejects a wrong CRC, a broken structure and missing or wrong fields', () => {
      const body = CHARGE_PAYLOAD.slice(0, -4);
      /** `text` (which must end with "6304") closed with its correct CRC. */
      const sealed = (text: string) => text + crc16CcittFalse(text).toString(16).toUpperCase().padStart(4, '0');
      const bad = [
        '',
        body + '348E',
        body + '34G8',
        CHARGE_PAYLOAD.slice(0, -1),
        CHARGE_PAYLOAD.replace('2475.19', '2475.18'),
        sealed(body.replace('000201', '000202')),
        sealed(body.replace('br.gov.bcb.pix', 'br.gov.bcb.pex')),
        sealed(body.replace('6217' + '0513G001Q0123P011', '')), // no field 62
        sealed(body.replace('6217' + '0513G001Q0123P011', '62170713G001Q0123P011')), // 62 without a txid
        sealed(body.replace('5303986', '5303840')), // dollars
        sealed(body.replace('54072475.19', '54072475,19')),
        sealed(body.replace('6009Sao Paulo', '6019Sao Paulo')), // a wrong length: the fields after it no longer line up
        sealed(body.replace('5802BR', '5802BR5802BR')), // a field twice
        sealed(body.replace('2636' + '0014br.gov.bcb.pix' + '011411222333000181', '2618' + '0014br.gov.bcb.pix')), // no key
      ];
      for (const payload of bad) assertInvalid(() => parsePixPayload(payload), 'payload');
    });

    it('rejects a dynamic payload (a URL instead of a key)', () => {
      const dynamic =
        '00020126540014br.gov.bcb.pix2532https://pix.thalesogliari.com.br5204000053039865802BR5914Thales Ogliari' +
        '6009SAO PAULO62070503***63043FD3';
      assert.ok(!hasError(parsePix(dynamic)), 'the sample is a valid dynamic payload');
      assertInvalid(() => parsePixPayload(dynamic), 'payload');
    });
  });

  describe('properties', () => {
    const digits = (min: number, max: number) =>
      fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
    const lower = 'abcdefghijklmnopqrstuvwxyz';
    const anyKey = fc.oneof(
      digits(11, 11),
      digits(14, 14),
      digits(10, 11).map((d) => `+55${d}`),
      fc
        .tuple(
          fc.string({ unit: fc.constantFrom(...`${lower}0123456789._-`), minLength: 1, maxLength: 30 }),
          fc.string({ unit: fc.constantFrom(...lower), minLength: 1, maxLength: 20 }),
          fc.constantFrom('com', 'com.br', 'example', 'org'),
        )
        .map(([local, domain, tld]) => `${local}@${domain}.${tld}`),
      fc.uuid(),
    );
    const printable = [...Array(95).keys()].map((i) => String.fromCharCode(32 + i)).join('');
    const text = (max: number) =>
      fc
        .string({ unit: fc.constantFrom(...printable, 'á', 'ç', 'õ', 'É', 'ü'), minLength: 1, maxLength: max + 6 })
        .filter((s) => {
          const folded = foldToAscii(s);
          return folded.length >= 1 && folded.length <= max;
        });
    const anyCharge: fc.Arbitrary<PixChargeInput> = fc.record({
      key: anyKey,
      amount: fc.oneof(fc.bigInt({ min: 1n, max: 100_000_000n }), fc.bigInt({ min: 1n, max: PIX_MAX_AMOUNT })),
      merchantName: text(25),
      merchantCity: text(15),
      txid: fc.string({
        unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'),
        minLength: 1,
        maxLength: 25,
      }),
    });

    it('a payload of any valid charge parses back to the same fields, here and in pix-utils', () => {
      fc.assert(
        fc.property(anyCharge, (charge) => {
          const payload = buildPixPayload(charge);
          assert.match(payload, /^[\x20-\x7e]+6304[0-9A-F]{4}$/);
          const parsed = parsePixPayload(payload);
          const name = foldToAscii(charge.merchantName);
          const city = foldToAscii(charge.merchantCity);
          assert.deepEqual(
            { ...parsed, crc: undefined },
            {
              key: charge.key,
              amount: charge.amount,
              merchantName: name,
              merchantCity: city,
              txid: charge.txid,
              merchantCategoryCode: '0000',
              currency: '986',
              countryCode: 'BR',
              crc: undefined,
            },
          );
          const pix = readWithPixUtils(payload);
          assert.equal(pix.pixKey, charge.key);
          assert.equal(pix.txid, charge.txid);
          assert.equal(pix.transactionAmount?.toFixed(2), formatPixAmount(charge.amount));
          assert.equal(pix.merchantName, name);
          assert.equal(pix.merchantCity, city);
        }),
        { numRuns: 1000 },
      );
    });

    it('changing any one character of a payload is detected', () => {
      const visible = printable.slice(1); // no blank: a blank at either end would be trimmed, shortening the text
      fc.assert(
        fc.property(anyCharge, fc.nat(), fc.nat(), (charge, where, pick) => {
          const payload = buildPixPayload(charge);
          const i = where % payload.length;
          const others = [...visible].filter((ch) => ch !== payload[i]);
          const changed = payload.slice(0, i) + (others[pick % others.length] as string) + payload.slice(i + 1);
          // A CRC hex digit in lower case is the same CRC; any other change must fail.
          if (i >= payload.length - 4 && changed[i]?.toUpperCase() === payload[i]) return;
          assertInvalid(() => parsePixPayload(changed), 'payload');
        }),
        { numRuns: 2000 },
      );
    });
  });
});
