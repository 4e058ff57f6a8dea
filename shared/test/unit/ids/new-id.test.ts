import assert from 'node:assert/strict';
import { ValidationError } from '../../../src/errors';
import { isUuid, newId, uuidv7Timestamp } from '../../../src/ids';

describe('newId', () => {
  it('returns a lowercase canonical UUID string', () => {
    const id = newId();
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.ok(isUuid(id));
  });

  it('sets version 7 and variant 10', () => {
    for (let i = 0; i < 1000; i++) {
      const id = newId();
      assert.equal(id[14], '7');
      assert.ok('89ab'.includes(id[19] as string), `variant nibble ${id[19]}`);
    }
  });

  it('encodes the current Unix milliseconds in its first 48 bits', () => {
    const before = Date.now();
    const ts = uuidv7Timestamp(newId());
    const after = Date.now();
    assert.ok(ts >= before && ts <= after + 1, `${ts} not in [${before}, ${after}]`);
  });

  it('generates 10,000 ids in a loop that are unique and strictly increasing as strings', () => {
    const ids: string[] = [];
    for (let i = 0; i < 10_000; i++) ids.push(newId());
    for (let i = 1; i < ids.length; i++) {
      assert.ok((ids[i - 1] as string) < (ids[i] as string), `id ${i} sorts before id ${i - 1}`);
    }
    assert.equal(new Set(ids).size, ids.length);
  });

  it('keeps ids increasing when the system clock steps back', () => {
    const realNow = Date.now;
    const start = realNow();
    try {
      // Only 5 ms ahead: the generator state is process-wide and later tests expect current timestamps.
      Date.now = () => start + 5;
      const first = newId();
      Date.now = () => start;
      const second = newId();
      assert.ok(first < second);
    } finally {
      Date.now = realNow;
    }
  });
});

describe('isUuid', () => {
  it('accepts canonical UUIDs of any version and case', () => {
    assert.ok(isUuid('0190a6b2-3c4d-7e5f-8a9b-0c1d2e3f4a5b'));
    assert.ok(isUuid('F47AC10B-58CC-4372-A567-0E02B2C3D479'));
  });

  it('rejects malformed strings and non-strings', () => {
    assert.equal(isUuid('0190a6b23c4d7e5f8a9b0c1d2e3f4a5b'), false);
    assert.equal(isUuid('0190a6b2-3c4d-7e5f-8a9b-0c1d2e3f4a5'), false);
    assert.equal(isUuid('g190a6b2-3c4d-7e5f-8a9b-0c1d2e3f4a5b'), false);
    assert.equal(isUuid(42), false);
  });
});

describe('uuidv7Timestamp', () => {
  it('decodes the millisecond timestamp of a known UUIDv7', () => {
    // RFC 9562 appendix A.6 example: 2022-02-22T19:22:22.000Z
    assert.equal(uuidv7Timestamp('017f22e2-79b0-7cc3-98c4-dc0c0c07398f'), Date.parse('2022-02-22T19:22:22.000Z'));
  });

  it('throws a ValidationError for a UUID of another version', () => {
    assert.throws(() => uuidv7Timestamp('f47ac10b-58cc-4372-a567-0e02b2c3d479'), ValidationError);
  });
});
