import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BANK_HOLIDAYS, calendarDateAt, daysBetween, isBusinessDay } from '../../../src/clock';
import { assemblyDates } from '../../../src/rules';

describe('assembly calendar (D-25)', () => {
  it('lays out period 2 of a group constituted in January with due day 5', () => {
    const d = assemblyDates({ constitutedOn: '2025-01-20', dueDay: 5, period: 2, holidays: BANK_HOLIDAYS });
    assert.equal(d.dueOn, '2025-02-05'); // Wednesday
    assert.equal(d.effectiveDueOn, '2025-02-05');
    assert.equal(d.opensAt.toISOString(), '2025-01-26T12:00:00.000Z');
    assert.equal(d.bidDeadline.toISOString(), '2025-02-07T21:00:00.000Z'); // Friday 18:00 in São Paulo
    assert.equal(d.extractionDate, '2025-02-08'); // Saturday
    assert.equal(d.assemblyDate, '2025-02-10'); // Monday
  });

  it('keeps the order effective due < deadline < extraction ≤ assembly for every period and due day', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 28 }), fc.integer({ min: 2, max: 240 }), (dueDay, period) => {
        const d = assemblyDates({ constitutedOn: '2025-01-20', dueDay, period, holidays: BANK_HOLIDAYS });
        const deadlineDay = calendarDateAt(d.bidDeadline);
        assert.ok(d.effectiveDueOn < deadlineDay);
        assert.ok(deadlineDay < d.extractionDate);
        assert.ok(d.extractionDate < d.assemblyDate);
        assert.ok(isBusinessDay(d.assemblyDate, BANK_HOLIDAYS));
        assert.ok(daysBetween(d.extractionDate, d.assemblyDate) <= 5);
        assert.ok(d.opensAt.getTime() < d.bidDeadline.getTime());
      }),
    );
  });
});
