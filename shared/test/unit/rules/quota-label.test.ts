import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DEFAULT_SEAT_DIGITS, parseQuotaLabel, quotaLabel, seatLabel } from '../../../src/rules';

describe('quotaLabel', () => {
  it('pads 528 version 2 of a 1000-seat group to "0528-2"', () => assert.equal(quotaLabel(528, 2, 1000), '0528-2'));
  it('pads 7 version 1 of a 300-seat group to "007-1"', () => assert.equal(quotaLabel(7, 1, 300), '007-1'));
  it("pads to the digits of the group's size, not of the number; never pads the version", () => {
    assert.equal(quotaLabel(7, 1, 9), '7-1');
    assert.equal(quotaLabel(7, 1, 10), '07-1');
    assert.equal(quotaLabel(99_999, 12, 99_999), '99999-12');
    assert.equal(quotaLabel(1, 1, 99_999), '00001-1');
  });
  it("pads to 4 digits when the group's size is not known", () => {
    assert.equal(DEFAULT_SEAT_DIGITS, 4);
    assert.equal(quotaLabel(528, 2), '0528-2');
    assert.equal(quotaLabel(7, 12), '0007-12');
    assert.equal(quotaLabel(12_345, 1), '12345-1');
    assert.equal(quotaLabel(42, 1), quotaLabel(42, 1, 1000));
  });
  it('round-trips number and version through parseQuotaLabel (property)', () =>
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 99_999 })
          .chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 1, max: n }), fc.integer({ min: 1, max: 1000 }))),
        ([n, number, version]) => {
          const shown = quotaLabel(number, version, n);
          assert.deepEqual(parseQuotaLabel(shown), { number, version });
          assert.equal(shown.indexOf('-'), String(n).length);
          assert.deepEqual(parseQuotaLabel(quotaLabel(number, version)), { number, version });
        },
      ),
    ));
  it('parses nothing that is not a label', () => {
    for (const text of ['', '0528', '0528-', '-2', '05a8-2', '0528-2-1', ' 0528-2'])
      assert.equal(parseQuotaLabel(text), null);
  });
});

describe('seatLabel', () => {
  it("pads a seat like quotaLabel does, to the group's size or else to 4 digits", () => {
    assert.equal(seatLabel(42, 1000), '0042');
    assert.equal(seatLabel(42, 300), '042');
    assert.equal(seatLabel(42), '0042');
    assert.equal(seatLabel(5, 0), '5');
  });
});
