import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addDays } from '@consorcio/shared/clock';
import {
  type InstallmentHistoryEntry,
  delinquencyExclusionDate,
  evaluateDelinquency,
  isOverdue,
} from '../../../src/domain';
import { NO_HOLIDAYS, assertInvalid } from './installment-fixtures';

/**
 * The exclusion timeline example: threshold 3, due day 5, no holidays. Installment 4 is due on Saturday 2025-04-05
 * (effective Monday 04-07) and paid on 2025-05-12; installments 5 (Mon 05-05), 6 (Thu 06-05) and 7 (Sat 07-05,
 * effective Mon 07-07) are never paid.
 */
const TIMELINE: readonly InstallmentHistoryEntry[] = [
  { period: 4, dueDate: '2025-04-05', paidOn: '2025-05-12' },
  { period: 5, dueDate: '2025-05-05', paidOn: null },
  { period: 6, dueDate: '2025-06-05', paidOn: null },
  { period: 7, dueDate: '2025-07-05', paidOn: null },
];
const FOURTH_UNPAID = TIMELINE.map((i) => (i.period === 4 ? { ...i, paidOn: null } : i));

/** What the 00:00 run of `day` sees: installments due by then (billed) and not paid before that day. */
function openAt(history: readonly InstallmentHistoryEntry[], day: string): InstallmentHistoryEntry[] {
  return history.filter((i) => i.dueDate < day && (i.paidOn === null || i.paidOn >= day));
}

const evaluate = (history: readonly InstallmentHistoryEntry[], day: string, threshold = 3) =>
  evaluateDelinquency({
    openInstallments: openAt(history, day),
    evaluationDate: day,
    holidays: NO_HOLIDAYS,
    exclusionThreshold: threshold,
  });

/** The first day from `from` to `to` whose evaluation reaches the threshold, replaying every day. */
function replay(history: readonly InstallmentHistoryEntry[], from: string, to: string, threshold = 3): string | null {
  for (let day = from; day <= to; day = addDays(day, 1))
    if (evaluate(history, day, threshold).thresholdReached) return day;
  return null;
}

describe('isOverdue', () => {
  it('is not overdue on its effective due date (Saturday 04-05 → Monday 04-07)', () => {
    assert.equal(isOverdue('2025-04-05', '2025-04-06', NO_HOLIDAYS), false);
    assert.equal(isOverdue('2025-04-05', '2025-04-07', NO_HOLIDAYS), false);
  });
  it('is overdue from the day after the effective due date', () =>
    assert.equal(isOverdue('2025-04-05', '2025-04-08', NO_HOLIDAYS), true));
  it('waits one more day when the effective due date is a holiday', () => {
    const holidays = new Set(['2025-04-21']);
    assert.equal(isOverdue('2025-04-21', '2025-04-22', holidays), false);
    assert.equal(isOverdue('2025-04-21', '2025-04-23', holidays), true);
  });
  it('rejects a malformed evaluation date on evaluation_date', () =>
    assertInvalid(() => isOverdue('2025-04-05', '2025/04/08', NO_HOLIDAYS), ['evaluation_date']));
});

describe('evaluateDelinquency', () => {
  it('finds the record current on 2025-04-07, the effective due date of installment 4', () =>
    assert.deepEqual(evaluate(TIMELINE, '2025-04-07'), {
      evaluatedOn: '2025-04-07',
      overdueCount: 0,
      overduePeriods: [],
      oldestEffectiveDue: null,
      delinquent: false,
      thresholdReached: false,
    }));
  it('makes the record delinquent on 2025-04-08 with installment 4 overdue since 2025-04-07', () =>
    assert.deepEqual(evaluate(TIMELINE, '2025-04-08'), {
      evaluatedOn: '2025-04-08',
      overdueCount: 1,
      overduePeriods: [4],
      oldestEffectiveDue: '2025-04-07',
      delinquent: true,
      thresholdReached: false,
    }));
  it('counts 2 overdue on 2025-05-06', () => assert.equal(evaluate(TIMELINE, '2025-05-06').overdueCount, 2));
  it('counts 1 overdue once installment 4 is paid on 2025-05-12', () => {
    const afterPayment = evaluateDelinquency({
      openInstallments: TIMELINE.filter((i) => i.period !== 4),
      evaluationDate: '2025-05-12',
      holidays: NO_HOLIDAYS,
      exclusionThreshold: 3,
    });
    assert.deepEqual([afterPayment.overdueCount, afterPayment.oldestEffectiveDue], [1, '2025-05-05']);
    assert.equal(evaluate(TIMELINE, '2025-05-13').overdueCount, 1);
  });
  it('counts 2 overdue on 2025-06-06 and still 2 on Monday 2025-07-07, installment 7’s effective due date', () => {
    assert.equal(evaluate(TIMELINE, '2025-06-06').overdueCount, 2);
    assert.equal(evaluate(TIMELINE, '2025-07-07').overdueCount, 2);
  });
  it('reaches the threshold of 3 on 2025-07-08 with installments 5, 6 and 7 overdue', () =>
    assert.deepEqual(evaluate(TIMELINE, '2025-07-08'), {
      evaluatedOn: '2025-07-08',
      overdueCount: 3,
      overduePeriods: [5, 6, 7],
      oldestEffectiveDue: '2025-05-05',
      delinquent: true,
      thresholdReached: true,
    }));
  it('excludes effective 2025-07-08 when every day from April to July is evaluated', () =>
    assert.equal(replay(TIMELINE, '2025-04-01', '2025-07-31'), '2025-07-08'));
  it('would have excluded effective 2025-06-06 had installment 4 not been paid', () => {
    assert.equal(replay(FOURTH_UNPAID, '2025-04-01', '2025-07-31'), '2025-06-06');
    assert.deepEqual(evaluate(FOURTH_UNPAID, '2025-06-06').overduePeriods, [4, 5, 6]);
    assert.equal(evaluate(FOURTH_UNPAID, '2025-06-05').thresholdReached, false);
  });
  it('reaches a threshold of 1 on the first day of delinquency', () =>
    assert.equal(replay(TIMELINE, '2025-04-01', '2025-07-31', 1), '2025-04-08'));
  it('lists the overdue periods in ascending order whatever the input order', () =>
    assert.deepEqual(
      evaluateDelinquency({
        openInstallments: [...FOURTH_UNPAID].reverse(),
        evaluationDate: '2025-06-06',
        holidays: NO_HOLIDAYS,
        exclusionThreshold: 3,
      }).overduePeriods,
      [4, 5, 6],
    ));
  for (const threshold of [0, 4, 1.5])
    it(`rejects a threshold of ${threshold} on exclusion_threshold`, () =>
      assertInvalid(() => evaluate(TIMELINE, '2025-07-08', threshold), ['exclusion_threshold']));
  it('rejects a malformed evaluation date on evaluation_date', () =>
    assertInvalid(() => evaluate(TIMELINE, '2025-07-32'), ['evaluation_date']));
  it('rejects a malformed due date on due_date', () =>
    assertInvalid(
      () =>
        evaluateDelinquency({
          openInstallments: [{ period: 1, dueDate: '5/7/2025' }],
          evaluationDate: '2025-07-08',
          holidays: NO_HOLIDAYS,
          exclusionThreshold: 3,
        }),
      ['due_date'],
    ));
});

describe('delinquencyExclusionDate', () => {
  it('is 2025-07-08 for the timeline example', () =>
    assert.equal(
      delinquencyExclusionDate({ installments: TIMELINE, holidays: NO_HOLIDAYS, exclusionThreshold: 3 }),
      '2025-07-08',
    ));
  it('is 2025-06-06 had installment 4 not been paid', () =>
    assert.equal(
      delinquencyExclusionDate({ installments: FOURTH_UNPAID, holidays: NO_HOLIDAYS, exclusionThreshold: 3 }),
      '2025-06-06',
    ));
  it('is null when the threshold is never reached', () =>
    assert.equal(
      delinquencyExclusionDate({ installments: TIMELINE.slice(0, 3), holidays: NO_HOLIDAYS, exclusionThreshold: 3 }),
      null,
    ));
  it('does not count a payment made on the day of the run: paying installment 5 on 2025-07-08 is too late', () => {
    const late = TIMELINE.map((i) => (i.period === 5 ? { ...i, paidOn: '2025-07-08' } : i));
    assert.equal(
      delinquencyExclusionDate({ installments: late, holidays: NO_HOLIDAYS, exclusionThreshold: 3 }),
      '2025-07-08',
    );
    const inTime = TIMELINE.map((i) => (i.period === 5 ? { ...i, paidOn: '2025-07-07' } : i));
    assert.equal(
      delinquencyExclusionDate({ installments: inTime, holidays: NO_HOLIDAYS, exclusionThreshold: 3 }),
      null,
    );
  });
  it('rejects a malformed payment date on paid_on', () =>
    assertInvalid(
      () =>
        delinquencyExclusionDate({
          installments: [{ period: 1, dueDate: '2025-04-05', paidOn: 'yesterday' }],
          holidays: NO_HOLIDAYS,
          exclusionThreshold: 3,
        }),
      ['paid_on'],
    ));
  it('agrees with evaluating every single day (property)', () =>
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 28 }),
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.option(fc.integer({ min: -5, max: 90 }), { nil: null }), { minLength: 1, maxLength: 6 }),
        (dueDay, threshold, delays) => {
          const history = delays.map((delay, k) => {
            const dueDate = `2025-${String(k + 1).padStart(2, '0')}-${String(dueDay).padStart(2, '0')}`;
            return { period: k + 1, dueDate, paidOn: delay === null ? null : addDays(dueDate, delay) };
          });
          assert.equal(
            delinquencyExclusionDate({ installments: history, holidays: NO_HOLIDAYS, exclusionThreshold: threshold }),
            replay(history, '2025-01-01', '2025-10-31', threshold),
          );
        },
      ),
      { numRuns: 60 },
    ));
});
