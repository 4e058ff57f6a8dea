import assert from 'node:assert/strict';
import fc from 'fast-check';
import { daysBetween } from '@consorcio/shared/clock';
import { billingDate, periodDueDate, periodsDue } from '../../../src/domain';

describe('billing calendar', () => {
  it('puts period p on the due day of the (p − 1)-th month after constitution', () => {
    assert.equal(periodDueDate('2025-01-20', 5, 2), '2025-02-05');
    assert.equal(periodDueDate('2025-01-20', 5, 12), '2025-12-05');
    assert.equal(periodDueDate('2025-01-20', 5, 13), '2026-01-05');
    assert.equal(periodDueDate('2025-11-03', 28, 4), '2026-02-28');
  });

  it('bills ten days before the due date', () => {
    assert.equal(billingDate('2025-03-05'), '2025-02-23');
  });

  it('lists the periods whose billing date has come, in order, never past the term', () => {
    assert.deepEqual(periodsDue({ constitutedOn: '2025-01-20', dueDay: 5, termMonths: 72, on: '2025-01-25' }), []);
    assert.deepEqual(periodsDue({ constitutedOn: '2025-01-20', dueDay: 5, termMonths: 72, on: '2025-02-23' }), [
      { period: 2, dueOn: '2025-02-05' },
      { period: 3, dueOn: '2025-03-05' },
    ]);
    assert.equal(periodsDue({ constitutedOn: '2025-01-20', dueDay: 5, termMonths: 6, on: '2030-01-01' }).length, 5);
  });

  it('spaces consecutive due dates 28 to 31 days apart', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2080-12-31'), noInvalidDate: true }),
        fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: 2, max: 239 }),
        (d, day, p) => {
          const on = d.toISOString().slice(0, 10);
          const gap = daysBetween(periodDueDate(on, day, p), periodDueDate(on, day, p + 1));
          assert.ok(gap >= 28 && gap <= 31, `${gap}`);
        },
      ),
    );
  });

  it('names the field it refuses', () => {
    assert.throws(() => periodDueDate('2025-01-20', 29, 2), /due_day/);
    assert.throws(() => periodDueDate('2025-01-20', 5, 1), /period/);
    assert.throws(() => periodDueDate('2025-02-30', 5, 2), /constituted_on/);
  });
});
