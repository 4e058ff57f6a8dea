import assert from 'node:assert/strict';
import fc from 'fast-check';
import { drawKey, positions, searchSequence } from '../../../src/domain';

describe('draw key and search sequence (§6.3)', () => {
  it('reproduces the examples: 83417 over 300 seats → key 117; 52300 → 300', () => {
    assert.deepEqual(drawKey(83_417, 300), { digits: 3, raw: 417, key: 117 });
    assert.deepEqual(drawKey(52_300, 300), { digits: 3, raw: 300, key: 300 });
    assert.deepEqual(searchSequence(117, 300).slice(0, 7), [117, 118, 116, 119, 115, 120, 114]);
    assert.deepEqual(searchSequence(300, 300).slice(0, 3), [300, 299, 298]);
  });

  it('uses as many digits as N has: 1000 seats take 4, 60 seats take 2', () => {
    assert.deepEqual(drawKey(83_417, 1000), { digits: 4, raw: 3417, key: 417 });
    assert.deepEqual(drawKey(83_417, 60), { digits: 2, raw: 17, key: 17 });
    assert.deepEqual(drawKey(12_399, 60), { digits: 2, raw: 99, key: 39 });
    assert.deepEqual(drawKey(10_000, 60), { digits: 2, raw: 100, key: 40 });
  });

  it('visits every seat 1..N exactly once, starting at the key, for any prize and N', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 1, max: 5000 }), (prize, n) => {
        const { key } = drawKey(prize, n);
        assert.ok(key >= 1 && key <= n);
        const s = searchSequence(key, n);
        assert.equal(s[0], key);
        assert.equal(s.length, n);
        assert.equal(new Set(s).size, n);
        assert.ok(s.every((q) => q >= 1 && q <= n));
        const pos = positions(s);
        // Alternating +1 / −1: the distance from the key never decreases along S.
        for (let i = 1; i < s.length; i++) assert.ok(Math.abs(s[i]! - key) >= Math.abs(s[i - 1]! - key));
        assert.equal(pos.get(key), 0);
      }),
      { numRuns: 300 },
    );
  });

  it('names the field it refuses', () => {
    assert.throws(() => drawKey(-1, 300), /prize1/);
    assert.throws(() => drawKey(1.5, 300), /prize1/);
    assert.throws(() => drawKey(1, 0), /max_quotas/);
    assert.throws(() => searchSequence(301, 300), /key/);
  });
});
