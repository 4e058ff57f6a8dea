import assert from 'node:assert/strict';
import { isSensitiveKey, redact, scrubText } from '../../../src/log';

describe('isSensitiveKey', () => {
  it('matches the listed names in any case and separator style', () => {
    for (const k of [
      'password',
      'PASSWORD',
      'userPassword',
      'passwd',
      'client_secret',
      'token',
      'accessToken',
      'refresh_token',
      'Authorization',
      'set-cookie',
      'api_key',
      'x-api-key',
      'apiKey',
      'cpf',
      'holderCpf',
      'CNPJ',
      'document',
      'bank_account',
      'accountNumber',
      'agency',
      'pix_key',
      'pixKey',
    ]) {
      assert.ok(isSensitiveKey(k), k);
    }
  });

  it('leaves ordinary keys alone', () => {
    for (const k of ['groupId', 'amount', 'name', 'status', 'quota', 'dueDate', 'author']) {
      assert.equal(isSensitiveKey(k), false, k);
    }
  });
});

describe('scrubText', () => {
  it('replaces formatted and bare CPFs and CNPJs', () => {
    assert.equal(scrubText('529.982.247-25'), '[cpf]');
    assert.equal(scrubText('52998224725'), '[cpf]');
    assert.equal(scrubText('529982247-25'), '[cpf]');
    assert.equal(scrubText('12.345.678/0001-95'), '[cnpj]');
    assert.equal(scrubText('12345678000195'), '[cnpj]');
    assert.equal(scrubText('cpf=52998224725;cnpj=12345678000195'), 'cpf=[cpf];cnpj=[cnpj]');
  });

  it('leaves other digit runs, UUIDs and hex digests intact', () => {
    for (const s of [
      '1234567890',
      '123456789012',
      '1741573800000',
      '0190a6b2-3c4d-7e5f-8a9b-a12345678901',
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      'ab52998224725cd',
    ]) {
      assert.equal(scrubText(s), s);
    }
  });
});

describe('redact', () => {
  it('returns a JSON-safe copy: bigints as strings, dates as ISO, binary as a size', () => {
    const out = redact({
      a: 1n,
      d: new Date('2025-01-01T00:00:00Z'),
      b: Buffer.from('xyz'),
      m: new Map([['k', 2n]]),
      s: new Set([1]),
    });
    assert.deepEqual(out, { a: '1', d: '2025-01-01T00:00:00.000Z', b: '[binary 3 bytes]', m: { k: '2' }, s: [1] });
  });

  it('cuts cycles and leaves shared non-cyclic references whole', () => {
    const shared = { v: 1 };
    const cyclic: Record<string, unknown> = { shared, again: shared };
    cyclic.self = cyclic;
    assert.deepEqual(redact(cyclic), { shared: { v: 1 }, again: { v: 1 }, self: '[circular]' });
  });

  it('scrubs CPFs used as object keys', () => {
    assert.deepEqual(redact({ '52998224725': { quota: 1 } }), { '[cpf]': { quota: 1 } });
  });

  it('serializes nested errors with their cause', () => {
    const err = new Error('outer', { cause: new Error('inner 52998224725') });
    const out = redact({ e: err }) as { e: { message: string; cause: { message: string } } };
    assert.equal(out.e.message, 'outer');
    assert.equal(out.e.cause.message, 'inner [cpf]');
  });

  it('does not modify its input', () => {
    const input = { password: 'x', note: '52998224725' };
    redact(input);
    assert.deepEqual(input, { password: 'x', note: '52998224725' });
  });
});
