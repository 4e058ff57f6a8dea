import assert from 'node:assert/strict';
import { calendarDateAt, systemClock } from '../../../src/clock';

describe('calendarDateAt', () => {
  it('gives 2025-03-09 in Sao Paulo for the instant 2025-03-10T02:30:00Z', () => {
    assert.equal(calendarDateAt(new Date('2025-03-10T02:30:00Z')), '2025-03-09');
  });

  it('turns to the next day in Sao Paulo at 03:00 UTC', () => {
    assert.equal(calendarDateAt(new Date('2025-03-10T02:59:59.999Z')), '2025-03-09');
    assert.equal(calendarDateAt(new Date('2025-03-10T03:00:00Z')), '2025-03-10');
  });

  it('follows the other time zone when one is given', () => {
    assert.equal(calendarDateAt(new Date('2025-03-10T02:30:00Z'), 'UTC'), '2025-03-10');
  });
});

describe('systemClock', () => {
  it('returns the real current instant', () => {
    const before = Date.now();
    const now = systemClock.now().getTime();
    assert.ok(now >= before && now <= Date.now());
  });

  it('returns today as the Sao Paulo calendar date of the current instant', () => {
    const today = systemClock.today();
    assert.match(today, /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(today, calendarDateAt(new Date()));
  });
});
