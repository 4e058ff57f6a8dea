import assert from 'node:assert/strict';
import { backoffDelay, sleep } from '../../../src/bus';

describe('bus: backoffDelay', () => {
  const noJitter = { jitter: 0 };

  it('doubles from the initial delay', () => {
    assert.deepEqual(
      [1, 2, 3, 4].map((n) => backoffDelay(n, { ...noJitter, initialMs: 100 })),
      [100, 200, 400, 800],
    );
  });

  it('never exceeds the cap (10 s by default), whatever the jitter draws', () => {
    for (const r of [0, 0.5, 0.999999]) {
      for (let attempt = 1; attempt < 60; attempt++) {
        assert.ok(backoffDelay(attempt, {}, () => r) <= 10_000);
      }
    }
    assert.equal(backoffDelay(50, { maxMs: 3000, jitter: 0 }), 3000);
  });

  it('spreads delays by the jitter fraction either way', () => {
    assert.equal(
      backoffDelay(1, { initialMs: 1000, jitter: 0.2 }, () => 0),
      800,
    );
    assert.equal(
      backoffDelay(1, { initialMs: 1000, jitter: 0.2 }, () => 1),
      1200,
    );
  });

  it('treats attempt 0 or less like the first attempt', () => {
    assert.equal(backoffDelay(0, { ...noJitter, initialMs: 50 }), 50);
  });
});

describe('bus: sleep', () => {
  it('returns early when its signal aborts', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 20);
    await sleep(5_000, controller.signal);
    assert.ok(Date.now() - started < 1_000);
  });
});
