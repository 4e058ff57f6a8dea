import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  brazilianBankHolidays,
  brazilianBankHolidaySet,
  dayOfWeek,
  easterSunday,
  nextBusinessDay,
} from '@consorcio/shared/clock';

describe('brazilian bank holidays', () => {
  it('puts Easter on the published dates', () => {
    assert.equal(easterSunday(2024), '2024-03-31');
    assert.equal(easterSunday(2025), '2025-04-20');
    assert.equal(easterSunday(2026), '2026-04-05');
    assert.equal(easterSunday(2000), '2000-04-23');
    assert.equal(easterSunday(2038), '2038-04-25');
  });

  it('lists the 2025 national bank holidays (FEBRABAN calendar)', () => {
    assert.deepEqual(brazilianBankHolidays(2025), [
      '2025-01-01',
      '2025-03-03', // Carnival Monday
      '2025-03-04', // Carnival Tuesday
      '2025-04-18', // Good Friday
      '2025-04-21',
      '2025-05-01',
      '2025-06-19', // Corpus Christi
      '2025-09-07',
      '2025-10-12',
      '2025-11-02',
      '2025-11-15',
      '2025-11-20',
      '2025-12-25',
    ]);
  });

  it('has no Black Consciousness Day before 2024', () => {
    assert.ok(!brazilianBankHolidays(2023).includes('2023-11-20'));
    assert.ok(brazilianBankHolidays(2024).includes('2024-11-20'));
  });

  it('always puts Easter on a Sunday between March 22 and April 25, and Good Friday two days before', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2199 }), (year) => {
        const easter = easterSunday(year);
        assert.equal(dayOfWeek(easter), 0);
        const md = easter.slice(5);
        assert.ok(md >= '03-22' && md <= '04-25', easter);
        const days = brazilianBankHolidays(year);
        assert.equal(days.length, year >= 2024 ? 13 : 12);
        assert.ok(days.every((d) => d.startsWith(String(year))));
      }),
    );
  });

  it('moves a due date past Carnival', () => {
    const holidays = brazilianBankHolidaySet(2025, 2025);
    assert.equal(nextBusinessDay('2025-03-01', holidays), '2025-03-05');
  });

  it('refuses a year it cannot vouch for', () => {
    assert.throws(() => brazilianBankHolidays(1800), /year/);
  });
});
