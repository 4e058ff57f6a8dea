import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ValidationError } from '@consorcio/shared/errors';
import { isValidPixKey, maskRefundAccount, validateMemberContact, type MemberAddress } from '../../../src/domain';

const address: MemberAddress = {
  street: ' Av. Paulista ',
  number: '1578',
  complement: '',
  district: 'Bela Vista',
  city: 'São Paulo',
  state: 'sp',
  postalCode: '01310-200',
};

const fieldsOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e.violations.map((v) => v.field);
    throw e;
  }
  return [];
};

describe('validateMemberContact', () => {
  it('accepts no address and no bank account (both optional)', () => {
    assert.deepEqual(validateMemberContact({}), { address: null, bankAccount: null });
  });

  it('normalises an address: trimmed, UF upper-case, CEP digits', () => {
    const { address: a } = validateMemberContact({ address });
    assert.deepEqual(a, { ...address, street: 'Av. Paulista', state: 'SP', postalCode: '01310200' });
  });

  it('names every bad address field at once', () => {
    const fields = fieldsOf(() =>
      validateMemberContact({ address: { ...address, street: '', city: ' ', state: 'XX', postalCode: '0131' } }),
    );
    assert.deepEqual(fields, ['address.street', 'address.city', 'address.state', 'address.postal_code']);
  });

  it('accepts a bank account, a PIX key or both', () => {
    const account = { bankCode: '001', branch: '1234-5', account: '123456-x', pixKey: '' };
    assert.equal(validateMemberContact({ bankAccount: account }).bankAccount!.account, '123456-X');
    const pix = { bankCode: '', branch: '', account: '', pixKey: 'maria@example.com' };
    assert.equal(validateMemberContact({ bankAccount: pix }).bankAccount!.pixKey, 'maria@example.com');
  });

  it('refuses an empty account, an incomplete one and a bad PIX key, naming the fields', () => {
    const empty = { bankCode: '', branch: '', account: '', pixKey: '' };
    assert.deepEqual(
      fieldsOf(() => validateMemberContact({ bankAccount: empty })),
      ['bank_account'],
    );
    assert.deepEqual(
      fieldsOf(() => validateMemberContact({ bankAccount: { ...empty, bankCode: '01', pixKey: 'x y' } })),
      ['bank_account.bank_code', 'bank_account.branch', 'bank_account.account', 'bank_account.pix_key'],
    );
  });
});

describe('isValidPixKey', () => {
  it('accepts the five kinds of key', () => {
    for (const key of [
      '52998224725',
      '11222333000181',
      '+5511987654321',
      'a@b.co',
      '123e4567-e89b-42d3-a456-426614174000',
    ])
      assert.ok(isValidPixKey(key), key);
  });

  it('refuses CPFs and CNPJs with wrong check digits and phones without +55', () => {
    for (const key of ['52998224724', '11222333000180', '11987654321', '+1 2025550123', 'no-at-sign'])
      assert.ok(!isValidPixKey(key), key);
  });

  it('never accepts text with spaces (property)', () => {
    fc.assert(fc.property(fc.string(), fc.string(), (a, b) => !isValidPixKey(`${a} ${b}`)));
  });
});

describe('maskRefundAccount', () => {
  it('keeps bank and branch, and only the last characters of the account and the PIX key', () => {
    const masked = maskRefundAccount({
      bankCode: '341',
      branch: '7531',
      account: '9876543-1',
      pixKey: 'ana@example.com',
    });
    assert.deepEqual(masked, { bankCode: '341', branch: '7531', account: '*******-1', pixKey: '************com' });
  });

  it('hides short values whole', () => {
    const masked = maskRefundAccount({ bankCode: '001', branch: '1', account: '1234', pixKey: 'abc' });
    assert.deepEqual([masked.account, masked.pixKey], ['****', '***']);
  });
});
