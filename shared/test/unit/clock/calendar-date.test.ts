import assert from 'node:assert/strict';
import { ValidationError } from '../../../src/errors';
import { addDays, dayOfWeek, daysBetween, isValidDate } from '../../../src/clock';

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
