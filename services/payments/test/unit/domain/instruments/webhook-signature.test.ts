import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { ValidationError } from '@consorcio/shared/errors';
import {
  DEFAULT_WEBHOOK_TOLERANCE_SECONDS,
  type WebhookSecret,
  signWebhook,
  verifyWebhook,
} from '../../../../src/domain/instruments';

const SECRET = 'whsec_consorcio_test_0001';
const OLD_SECRET = 'whsec_consorcio_test_0000';
const BODY = '{"event":"payment.confirmed","transactionId":"tx-0001","amount":"247519"}';
const T = 1_747_051_200; // 2025-05-12T12:00:00Z
// Computed outside this code with `printf '%s' "$T.$BODY" | openssl dgst -sha256 -hmac "$SECRET"`.
const KNOWN_HEADER = `t=${T},v1=1c544cae1cec8a6b227abf906bb5c4eae87bcb9495171a3ba14642cefd1832ed`;

const ok = { ok: true } as const;
const rejected = (reason: string) => ({ ok: false, reason });

function assertInvalid(fn: () => unknown, field: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ValidationError, `expected a ValidationError, got ${String(err)}`);
    assert.equal(err.violations[0]?.field, field);
    return true;
  });
}

/** The hex signature of `header` (the first v1). */
const v1Of = (header: string): string => /v1=([0-9a-f]+)/.exec(header)?.[1] ?? '';

describe('provider webhook signatures', () => {
  describe('signWebhook', () => {
    it('is t=<seconds>,v1=<HMAC-SHA256 hex of "t.body">', () => {
      assert.equal(signWebhook(SECRET, BODY, T), KNOWN_HEADER);
      assert.equal(v1Of(KNOWN_HEADER), createHmac('sha256', SECRET).update(`${T}.${BODY}`).digest('hex'));
    });

    it('signs the raw bytes: a string and its UTF-8 bytes give the same signature, a re-serialised body does not', () => {
      const body = '{"nome":"João","valor":"100"}';
      assert.equal(signWebhook(SECRET, Buffer.from(body, 'utf8'), T), signWebhook(SECRET, body, T));
      assert.notEqual(signWebhook(SECRET, JSON.stringify(JSON.parse(body), null, 1), T), signWebhook(SECRET, body, T));
    });

    it('takes the secret as text or bytes', () => {
      assert.equal(signWebhook(Buffer.from(SECRET, 'utf8'), BODY, T), KNOWN_HEADER);
    });

    it('rejects an empty secret and a timestamp that is not whole non-negative seconds', () => {
      assertInvalid(() => signWebhook('', BODY, T), 'secret');
      assertInvalid(() => signWebhook(new Uint8Array(0), BODY, T), 'secret');
      for (const t of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53])
        assertInvalid(() => signWebhook(SECRET, BODY, t), 'timestampSeconds');
    });
  });

  describe('verifyWebhook', () => {
    it('accepts a fresh signature, up to 300 seconds either way', () => {
      assert.equal(DEFAULT_WEBHOOK_TOLERANCE_SECONDS, 300);
      for (const now of [T, T + 1, T + 300, T - 300, T + 299.9])
        assert.deepEqual(verifyWebhook(SECRET, KNOWN_HEADER, BODY, now), ok, `now = ${now}`);
      assert.deepEqual(verifyWebhook(SECRET, KNOWN_HEADER, Buffer.from(BODY), T), ok);
    });

    it('refuses a timestamp older than 5 minutes, or more than 5 minutes ahead, as stale', () => {
      for (const now of [T + 301, T + 300.5, T + 86_400, T - 301, T - 86_400])
        assert.deepEqual(verifyWebhook(SECRET, KNOWN_HEADER, BODY, now), rejected('stale'), `now = ${now}`);
    });

    it('honours another tolerance', () => {
      assert.deepEqual(verifyWebhook(SECRET, KNOWN_HEADER, BODY, T + 60, 60), ok);
      assert.deepEqual(verifyWebhook(SECRET, KNOWN_HEADER, BODY, T + 61, 60), rejected('stale'));
      assert.deepEqual(verifyWebhook(SECRET, KNOWN_HEADER, BODY, T, 0), ok);
      assert.deepEqual(verifyWebhook(SECRET, KNOWN_HEADER, BODY, T + 1, 0), rejected('stale'));
    });

    it('says missing when there is no header', () => {
      for (const header of [undefined, null, '', '   '])
        assert.deepEqual(verifyWebhook(SECRET, header, BODY, T), rejected('missing'));
    });

    it('says malformed when the header cannot be read', () => {
      const sig = v1Of(KNOWN_HEADER);
      const cases = [
        'garbage',
        `v1=${sig}`, // no t
        `t=${T}`, // no v1
        `t=${T},v0=${sig}`, // only a scheme we do not know
        `t=${T},t=${T},v1=${sig}`, // t twice
        `t=abc,v1=${sig}`,
        `t=-${T},v1=${sig}`,
        `t=${T}.5,v1=${sig}`,
        `t=1234567890123456,v1=${sig}`, // past safe integers
        `t=${T},v1=${sig.slice(2)}`, // short
        `t=${T},v1=${sig}00`, // long
        `t=${T},v1=${sig.slice(1)}g`, // not hex
        `t=${T},v1=`,
        `t=${T};v1=${sig}`,
        `t=${T},v1=${sig},`,
      ];
      for (const header of cases)
        assert.deepEqual(verifyWebhook(SECRET, header, BODY, T), rejected('malformed'), header);
    });

    it('says mismatch for a wrong secret, an altered body, timestamp or signature', () => {
      const sig = v1Of(KNOWN_HEADER);
      const flipped = (sig[0] === '0' ? '1' : '0') + sig.slice(1);
      assert.deepEqual(verifyWebhook(OLD_SECRET, KNOWN_HEADER, BODY, T), rejected('mismatch'));
      assert.deepEqual(verifyWebhook(SECRET, KNOWN_HEADER, BODY.replace('247519', '247518'), T), rejected('mismatch'));
      assert.deepEqual(verifyWebhook(SECRET, KNOWN_HEADER, `${BODY}\n`, T), rejected('mismatch'));
      assert.deepEqual(verifyWebhook(SECRET, `t=${T + 1},v1=${sig}`, BODY, T), rejected('mismatch'));
      assert.deepEqual(verifyWebhook(SECRET, `t=${T},v1=${flipped}`, BODY, T), rejected('mismatch'));
    });

    it('checks the signature before the time: a forged old call is a mismatch, a genuine old one is stale', () => {
      const forged = `t=${T},v1=${'0'.repeat(64)}`;
      assert.deepEqual(verifyWebhook(SECRET, forged, BODY, T + 10_000), rejected('mismatch'));
      assert.deepEqual(verifyWebhook(SECRET, KNOWN_HEADER, BODY, T + 10_000), rejected('stale'));
    });

    it('accepts several v1 values, in any order, with blanks and unknown schemes around them', () => {
      const oldSig = v1Of(signWebhook(OLD_SECRET, BODY, T));
      const newSig = v1Of(KNOWN_HEADER);
      const headers = [
        `t=${T},v1=${oldSig},v1=${newSig}`,
        `t=${T},v1=${newSig},v1=${oldSig}`,
        `v1=${oldSig}, t=${T}, v0=whatever, v1=${newSig}`,
        `t=${T},v1=${newSig.toUpperCase()}`,
      ];
      for (const header of headers) assert.deepEqual(verifyWebhook(SECRET, header, BODY, T), ok, header);
      assert.deepEqual(verifyWebhook(OLD_SECRET, headers[0], BODY, T), ok);
      assert.deepEqual(verifyWebhook('another', headers[0], BODY, T), rejected('mismatch'));
    });

    it('accepts any of several secrets of its own while rotating', () => {
      assert.deepEqual(verifyWebhook([OLD_SECRET, SECRET], KNOWN_HEADER, BODY, T), ok);
      assert.deepEqual(verifyWebhook([SECRET, OLD_SECRET], signWebhook(OLD_SECRET, BODY, T), BODY, T), ok);
      assert.deepEqual(verifyWebhook(['x', 'y'], KNOWN_HEADER, BODY, T), rejected('mismatch'));
      assert.deepEqual(verifyWebhook([Buffer.from(SECRET)], KNOWN_HEADER, BODY, T), ok);
    });

    it('throws on the caller’s own mistakes: no secret, a bad clock or tolerance', () => {
      assertInvalid(() => verifyWebhook('', KNOWN_HEADER, BODY, T), 'secret');
      assertInvalid(() => verifyWebhook([], KNOWN_HEADER, BODY, T), 'secret');
      assertInvalid(() => verifyWebhook([SECRET, ''], KNOWN_HEADER, BODY, T), 'secret');
      assertInvalid(() => verifyWebhook(SECRET, KNOWN_HEADER, BODY, Number.NaN), 'nowSeconds');
      assertInvalid(() => verifyWebhook(SECRET, KNOWN_HEADER, BODY, T, -1), 'toleranceSeconds');
      assertInvalid(() => verifyWebhook(SECRET, KNOWN_HEADER, BODY, T, Number.POSITIVE_INFINITY), 'toleranceSeconds');
    });
  });

  describe('properties', () => {
    const anySecret: fc.Arbitrary<WebhookSecret> = fc.oneof(
      fc.string({ minLength: 1, maxLength: 64 }),
      fc.uint8Array({ minLength: 1, maxLength: 64 }),
    );
    const anyBody = fc.oneof(fc.string({ maxLength: 300 }), fc.uint8Array({ maxLength: 300 }));
    const anyTime = fc.integer({ min: 0, max: 4_102_444_800 }); // up to 2100
    const anySkew = fc.integer({ min: -DEFAULT_WEBHOOK_TOLERANCE_SECONDS, max: DEFAULT_WEBHOOK_TOLERANCE_SECONDS });
    const bytes = (x: string | Uint8Array): Buffer => (typeof x === 'string' ? Buffer.from(x, 'utf8') : Buffer.from(x));
    // HMAC pads a key shorter than its 64-byte block with zero bytes, so "k" and "k\0" are the same key: two secrets
    // differ only if they still differ with trailing zero bytes removed (a provider's random secret never ends in one
    // by design, but a generator of byte arrays does).
    const withoutTrailingZeros = (x: WebhookSecret): Buffer => {
      const b = bytes(x);
      let end = b.length;
      while (end > 0 && b[end - 1] === 0) end--;
      return b.subarray(0, end);
    };
    const sameSecret = (a: WebhookSecret, b: WebhookSecret): boolean =>
      withoutTrailingZeros(a).equals(withoutTrailingZeros(b));

    it('a signature verifies within the tolerance and is stale outside it', () => {
      fc.assert(
        fc.property(
          anySecret,
          anyBody,
          anyTime,
          anySkew,
          fc.integer({ min: 1, max: 10 ** 6 }),
          (s, body, t, skew, far) => {
            const header = signWebhook(s, body, t);
            assert.deepEqual(verifyWebhook(s, header, body, t + skew), ok);
            const beyond = DEFAULT_WEBHOOK_TOLERANCE_SECONDS + far;
            assert.deepEqual(verifyWebhook(s, header, body, t + (skew < 0 ? -beyond : beyond)), rejected('stale'));
          },
        ),
        { numRuns: 500 },
      );
    });

    it('any change of body fails', () => {
      fc.assert(
        fc.property(anySecret, anyBody, anyBody, anyTime, (s, body, other, t) => {
          fc.pre(!bytes(body).equals(bytes(other)));
          assert.deepEqual(verifyWebhook(s, signWebhook(s, body, t), other, t), rejected('mismatch'));
        }),
        { numRuns: 500 },
      );
    });

    it('any change of timestamp fails, even one that would be fresh', () => {
      fc.assert(
        fc.property(anySecret, anyBody, anyTime, anyTime, (s, body, t, other) => {
          fc.pre(t !== other);
          const forged = signWebhook(s, body, t).replace(/^t=\d+/, `t=${other}`);
          assert.deepEqual(verifyWebhook(s, forged, body, other), rejected('mismatch'));
        }),
        { numRuns: 500 },
      );
    });

    it('HMAC’s own equivalence: a secret and the same secret plus trailing zero bytes sign alike', () => {
      const k = Buffer.from(SECRET);
      assert.equal(signWebhook(Buffer.concat([k, Buffer.alloc(3)]), BODY, T), KNOWN_HEADER);
    });

    it('any change of secret fails', () => {
      fc.assert(
        fc.property(anySecret, anySecret, anyBody, anyTime, (s, other, body, t) => {
          fc.pre(!sameSecret(s, other));
          assert.deepEqual(verifyWebhook(other, signWebhook(s, body, t), body, t), rejected('mismatch'));
        }),
        { numRuns: 500 },
      );
    });
  });
});
