import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseDigitableLine, parsePixPayload, signWebhook, validateBarcode } from '../../../src/domain';
import { LocalBankProvider } from '../../../src/provider/local-bank-provider';

const SECRET = 'unit-test-secret-0123456789';
const provider = new LocalBankProvider({
  name: 'local-bank',
  webhookSecret: SECRET,
  bankCode: '341',
  agency: '1234',
  account: '00012345',
  pixKey: '123e4567-e89b-12d3-a456-426614174000',
  merchantName: 'Consórcio Ação Ltda',
  merchantCity: 'São Paulo',
});
const NOW = 1_736_521_200; // 2025-01-10T15:00:00Z

describe('local bank provider', () => {
  it('issues a boleto whose barcode holds the bank, due date, amount and the nosso número', () => {
    const c = provider.issue({ sequence: 42n, method: 'BOLETO', amount: 103_071n, dueOn: '2025-03-10' });
    const decoded = validateBarcode(c.barcode!);
    assert.equal(decoded.bank, '341');
    assert.equal(decoded.amount, 103_071n);
    assert.equal(decoded.freeField, '1234000123450000000000042');
    assert.equal(parseDigitableLine(c.digitableLine!).barcode, c.barcode);
    assert.equal(c.txid, 'B0000000000042');
    assert.equal(c.pixPayload, null);
  });

  it('issues a PIX BR Code with the amount and the charge txid, names folded to ASCII', () => {
    const c = provider.issue({ sequence: 7n, method: 'PIX', amount: 120_400n, dueOn: '2025-03-10' });
    const pix = parsePixPayload(c.pixPayload!);
    assert.equal(pix.amount, 120_400n);
    assert.equal(pix.txid, 'P0000000000007');
    assert.equal(pix.merchantName, 'Consorcio Acao Ltda');
    assert.equal(pix.merchantCity, 'Sao Paulo');
    assert.equal(c.barcode, null);
  });

  it('gives every charge of any amount a valid instrument', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 9_999_999_999n }),
        fc.bigInt({ min: 1n, max: 9_999_999_999_999n }),
        (amount, seq) => {
          const b = provider.issue({ sequence: seq, method: 'BOLETO', amount, dueOn: '2030-06-28' });
          assert.equal(validateBarcode(b.barcode!).amount, amount);
          const p = provider.issue({ sequence: seq, method: 'PIX', amount, dueOn: '2030-06-28' });
          assert.equal(parsePixPayload(p.pixPayload!).amount, amount);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reads a notice it signed, and refuses one whose body or signature changed', () => {
    const notice = {
      transactionId: 'E1234567820250110abc',
      txid: 'P0000000000007',
      amount: 120_400n,
      paidOn: '2025-01-10',
    };
    const { body, signature } = provider.signNotice(notice, NOW);
    assert.deepEqual(provider.readNotice(body, signature, NOW + 10), { ok: true, notice });
    const changed = Buffer.from(body.toString().replace('120400', '120401'));
    assert.deepEqual(provider.readNotice(changed, signature, NOW), { ok: false, reason: 'mismatch' });
    assert.deepEqual(provider.readNotice(body, undefined, NOW), { ok: false, reason: 'missing' });
    assert.deepEqual(provider.readNotice(body, signature, NOW + 3600), { ok: false, reason: 'stale' });
  });

  it('names the field of a signed body that is not a notice', () => {
    const bad = (json: string, field: RegExp) => {
      const body = Buffer.from(json);
      assert.throws(() => provider.readNotice(body, signWebhook(SECRET, body, NOW), NOW), field);
    };
    bad('not json', /body/);
    bad('{"txid":"P1","amount_centavos":"1","paid_on":"2025-01-10"}', /body\.transaction_id/);
    bad('{"transaction_id":"E123456789","txid":"P-1","amount_centavos":"1","paid_on":"2025-01-10"}', /body\.txid/);
    bad(
      '{"transaction_id":"E123456789","txid":"P1","amount_centavos":"0","paid_on":"2025-01-10"}',
      /body\.amount_centavos/,
    );
    bad('{"transaction_id":"E123456789","txid":"P1","amount_centavos":"10","paid_on":"2025-02-30"}', /body\.paid_on/);
  });

  it('refuses a configuration it cannot use', () => {
    const base = {
      name: 'x',
      webhookSecret: SECRET,
      bankCode: '001',
      pixKey: 'a@b.co',
      merchantName: 'A',
      merchantCity: 'B',
    };
    assert.throws(() => new LocalBankProvider({ ...base, bankCode: '1' }), /PROVIDER_BANK_CODE/);
    assert.throws(() => new LocalBankProvider({ ...base, webhookSecret: 'short' }), /PROVIDER_WEBHOOK_SECRET/);
  });
});
