import assert from 'node:assert/strict';
import fc from 'fast-check';
import { bigintJsonCodec } from '../../../src/cache';

describe('bigintJsonCodec', () => {
  it('round-trips bigints at any depth', () => {
    const codec = bigintJsonCodec<unknown>();
    const value = { total: 10001n, parts: [1n, -2n, { x: 3n }], name: 'g', n: 1.5, none: null };
    assert.deepEqual(codec.decode(codec.encode(value)), value);
  });

  it('writes bigints as tagged strings, not numbers that would lose precision', () => {
    assert.equal(
      bigintJsonCodec<{ a: bigint }>().encode({ a: 2n ** 70n }),
      '{"a":{"$bigint":"1180591620717411303424"}}',
    );
  });

  it('leaves objects that merely resemble the tag alone', () => {
    const codec = bigintJsonCodec<unknown>();
    const value = { $bigint: 'not digits', other: { $bigint: '1', extra: true } };
    assert.deepEqual(codec.decode(codec.encode(value)), value);
  });

  it('round-trips any JSON value with bigints mixed in', () => {
    const codec = bigintJsonCodec<unknown>();
    const arb = fc.letrec((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        fc.bigInt(),
        fc.string(),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('v')),
        fc.dictionary(
          fc.string().filter((k) => k !== '$bigint'),
          tie('v'),
          { noNullPrototype: true },
        ),
      ),
    })).v;
    fc.assert(fc.property(arb, (v) => assert.deepEqual(codec.decode(codec.encode(v)), v)));
  });
});
