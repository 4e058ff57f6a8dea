import assert from 'node:assert/strict';
import { ValidationError } from '../../../src/errors';
import { ControlledClock } from '../../../src/clock';

describe('ControlledClock', () => {
  it('starts at the given instant and stands still', () => {
    const clock = new ControlledClock('2025-03-10T02:30:00Z');
    assert.equal(clock.now().toISOString(), '2025-03-10T02:30:00.000Z');
    assert.equal(clock.now().toISOString(), '2025-03-10T02:30:00.000Z');
  });

  it('reports today as the Sao Paulo date: 2025-03-09 at 2025-03-10T02:30:00Z', () => {
    assert.equal(new ControlledClock(new Date('2025-03-10T02:30:00Z')).today(), '2025-03-09');
  });

  it('moves by milliseconds and by days', () => {
    const clock = new ControlledClock(Date.parse('2025-01-31T12:00:00Z'));
    clock.advanceMs(1500);
    assert.equal(clock.now().toISOString(), '2025-01-31T12:00:01.500Z');
    clock.advanceDays(29);
    assert.equal(clock.now().toISOString(), '2025-03-01T12:00:01.500Z');
    assert.equal(clock.today(), '2025-03-01');
    clock.advanceDays(-1);
    assert.equal(clock.today(), '2025-02-28');
  });

  it('jumps to the instant given to set', () => {
    const clock = new ControlledClock('2025-01-01T00:00:00Z');
    clock.set('2024-06-15T15:00:00Z');
    assert.equal(clock.today(), '2024-06-15');
  });

  it('does not let callers move it by mutating the Date it returned', () => {
    const clock = new ControlledClock('2025-01-01T00:00:00Z');
    clock.now().setUTCFullYear(1999);
    assert.equal(clock.now().getUTCFullYear(), 2025);
  });

  it('throws a ValidationError for an unparseable instant', () => {
    assert.throws(() => new ControlledClock('not a date'), ValidationError);
    assert.throws(() => new ControlledClock(0).advanceMs(Number.NaN), ValidationError);
  });
});
