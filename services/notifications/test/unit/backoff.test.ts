import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fullJitterDelay, nextStep, type RetryPolicy } from '../../src/domain/backoff';
import { redactContacts } from '../../src/channels/channel-sender';

const POLICY: RetryPolicy = { maxAttempts: 5, baseMs: 1000, capMs: 60_000 };

describe('delivery retries', () => {
  it('waits a uniformly random delay in [0, min(cap, base × 2^(n−1))] (full jitter)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (n, r) => {
        const d = fullJitterDelay(n, POLICY, () => r);
        return Number.isInteger(d) && d >= 0 && d <= Math.min(60_000, 1000 * 2 ** (n - 1));
      }),
    );
    assert.equal(
      fullJitterDelay(1, POLICY, () => 0.999999),
      1000,
    );
    assert.equal(
      fullJitterDelay(3, POLICY, () => 0.5),
      2000,
    );
    assert.equal(
      fullJitterDelay(30, POLICY, () => 0.999999),
      60_000,
    );
    assert.equal(
      fullJitterDelay(2, POLICY, () => 0),
      0,
    );
  });

  it('sends, skips, retries a transient failure, and gives up when permanent or out of attempts', () => {
    const fail = { ok: false as const, permanent: false, error: 'HTTP 500' };
    assert.deepEqual(nextStep(1, { ok: true }, POLICY), { status: 'SENT', outcome: 'SENT' });
    assert.deepEqual(nextStep(1, { ok: false, skipped: true, error: 'no e-mail' }, POLICY), {
      status: 'SKIPPED',
      outcome: 'SKIPPED',
    });
    assert.deepEqual(
      nextStep(2, fail, POLICY, () => 0.5),
      { status: 'PENDING', outcome: 'RETRY', delayMs: 1000 },
    );
    assert.deepEqual(nextStep(5, fail, POLICY), { status: 'FAILED', outcome: 'FAILED' });
    assert.deepEqual(nextStep(1, { ...fail, permanent: true }, POLICY), { status: 'FAILED', outcome: 'FAILED' });
  });

  it('keeps no e-mail address or phone number in a stored reply', () => {
    assert.equal(
      redactContacts('550 5.1.1 <maria.silva@example.com.br>: Recipient address rejected; sms +55 (11) 98765-4321'),
      '550 5.1.1 <[e-mail]>: Recipient address rejected; sms [phone]',
    );
    assert.equal(redactContacts('250 2.0.0 Ok: queued as 4F1A2B'), '250 2.0.0 Ok: queued as 4F1A2B');
  });
});
