import assert from 'node:assert/strict';
import { ValidationError } from '../../../src/errors';
import fc from 'fast-check';
import { addDays, addYears, dayOfWeek, daysBetween, isValidDate } from '../../../src/clock';

describe('isValidDate', () => {
  it('accepts real YYYY-MM-DD dates, leap days included', () => {
    assert.ok(isValidDate('2025-04-05'));
    assert.ok(isValidDate('2024-02-29'));
  });

  it('rejects impossible dates and other layouts', () => {
    assert.equal(isValidDate('2025-02-29'), false);
    assert.equal(isValidDate('2025-13-01'), false);
    assert.equal(isValidDate('2025-4-5'), false);
    assert.equal(isValidDate('05/04/2025'), false);
    assert.equal(isValidDate('2025-04-05T00:00:00Z'), false);
  });
});

describe('addDays', () => {
  it('crosses month, year and leap-day boundaries', () => {
    assert.equal(addDays('2025-01-31', 1), '2025-02-01');
    assert.equal(addDays('2024-12-31', 1), '2025-01-01');
    assert.equal(addDays('2024-02-28', 1), '2024-02-29');
    assert.equal(addDays('2025-03-01', -1), '2025-02-28');
    assert.equal(addDays('2025-04-05', 0), '2025-04-05');
  });

  it('throws a ValidationError for an invalid date or a fractional count', () => {
    assert.throws(() => addDays('2025-02-30', 1), ValidationError);
    assert.throws(() => addDays('2025-02-01', 1.5), ValidationError);
  });
});

describe('daysBetween', () => {
  it('counts b − a in whole days, negative when b is earlier', () => {
    assert.equal(daysBetween('2025-01-01', '2025-12-31'), 364);
    assert.equal(daysBetween('2024-01-01', '2025-01-01'), 366);
    assert.equal(daysBetween('2025-04-07', '2025-04-05'), -2);
    assert.equal(daysBetween('2025-04-05', '2025-04-05'), 0);
  });
});

describe('dayOfWeek', () => {
  it('numbers days from Sunday = 0 to Saturday = 6', () => {
    assert.equal(dayOfWeek('2025-04-05'), 6);
    assert.equal(dayOfWeek('2025-04-06'), 0);
    assert.equal(dayOfWeek('2025-04-07'), 1);
  });
});

describe('addYears', () => {
  it('keeps the month and day; 29 February lands on 28 February of a common year', () => {
    assert.equal(addYears('2024-02-29', 1), '2025-02-28');
    assert.equal(addYears('2028-02-29', 5), '2033-02-28');
    assert.equal(addYears('2024-02-29', 4), '2028-02-29');
    assert.equal(addYears('2000-02-29', 100), '2100-02-28');
    assert.equal(addYears('2026-12-31', 5), '2031-12-31');
    assert.equal(addYears('2025-03-10', -1), '2024-03-10');
  });

  it('rejects an invalid date or a fractional number of years', () => {
    assert.throws(() => addYears('2025-02-29', 1), ValidationError);
    assert.throws(() => addYears('2025-03-10', 1.5), ValidationError);
  });

  it('never moves back in time and always answers a real date (property)', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2090-12-31'), noInvalidDate: true }),
        fc.nat(20),
        (d, n) => {
          const date = d.toISOString().slice(0, 10);
          const later = addYears(date, n);
          assert.ok(later >= date);
          assert.ok(isValidDate(later));
        },
      ),
    );
  });
});
