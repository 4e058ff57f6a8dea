import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { signWebhook, verifyWebhookSignature } from '../../src/domain/webhook-signature';
import { webhookBody } from '../../src/domain/webhook-payload';

const SECRET = 'whsec_test_secret_that_is_long_enough_123';
const T = 1_767_225_600; // 2026-01-01T00:00:00Z

describe('webhook signatures (X-Consorcio-Signature)', () => {
  it('is t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>', () => {
    const body = '{"id":"x"}';
    const expected = createHmac('sha256', SECRET).update(`${T}.${body}`).digest('hex');
    assert.equal(signWebhook(SECRET, body, T), `t=${T},v1=${expected}`);
  });

  it('verifies what it signs, within the tolerance', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: -300, max: 300 }), (body, skew) => {
        const check = verifyWebhookSignature(SECRET, body, signWebhook(SECRET, body, T), T + skew);
        return check.valid && check.timestamp === T;
      }),
    );
  });

  it('refuses a changed body, another secret, an old timestamp and a malformed header', () => {
    const header = signWebhook(SECRET, 'body', T);
    assert.deepEqual(verifyWebhookSignature(SECRET, 'bodY', header, T), {
      valid: false,
      reason: 'signature does not match',
    });
    assert.equal(verifyWebhookSignature(`${SECRET}x`, 'body', header, T).valid, false);
    assert.match(
      (verifyWebhookSignature(SECRET, 'body', header, T + 301) as { reason: string }).reason,
      /outside the 300 s tolerance/,
    );
    assert.equal(verifyWebhookSignature(SECRET, 'body', 'v1=abc', T).valid, false);
    assert.equal(verifyWebhookSignature(SECRET, 'body', `t=${T}`, T).valid, false);
  });

  it('accepts any of several v1 signatures (secret rotation)', () => {
    const good = signWebhook(SECRET, 'b', T).split(',')[1] as string;
    assert.ok(verifyWebhookSignature(SECRET, 'b', `t=${T},v1=deadbeef,${good}`, T).valid);
  });

  it('sends ids and amounts as snake_case JSON, centavos as strings', () => {
    const body = JSON.parse(
      webhookBody('d-1', 'e-1', new Date('2026-01-01T00:00:00Z'), {
        kind: 'credit_letter_issued',
        quota: { groupId: 'g', quotaId: 'q', number: 1, version: 1 },
        letterId: 'l',
        creditAmountCentavos: 9_007_199_254_740_993n,
      }),
    ) as unknown;
    assert.deepEqual(body, {
      id: 'd-1',
      type: 'credit_letter_issued',
      event_id: 'e-1',
      occurred_at: '2026-01-01T00:00:00.000Z',
      data: {
        quota: { group_id: 'g', quota_id: 'q', number: 1, version: 1 },
        letter_id: 'l',
        credit_amount_centavos: '9007199254740993',
      },
    });
  });
});
