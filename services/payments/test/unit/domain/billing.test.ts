import assert from 'node:assert/strict';
import {
  BILLING_STATUSES,
  NO_EXTRA_LINES,
  billInstallment,
  enrollmentPlan,
  isBillingStatus,
} from '../../../src/domain';
import {
  DEMO_C,
  DEMO_INSURANCE,
  DEMO_RATES,
  DEMO_SCHEDULE,
  NO_HOLIDAYS,
  assertInvalid,
  assertRule,
} from './installment-fixtures';

const bill = (period: number, dueDate = '2025-03-10', schedule = DEMO_SCHEDULE) =>
  billInstallment({ schedule, period, dueDate, holidays: NO_HOLIDAYS, creditValue: DEMO_C, insurance: DEMO_INSURANCE });

describe('billInstallment', () => {
  it('bills a G-DEMO founder’s period 1 at 103 071 with the percentages and balance it stays open with', () =>
    assert.deepEqual(bill(1), {
      period: 1,
      installment: 1,
      dueDate: '2025-03-10',
      effectiveDue: '2025-03-10',
      pcts: { fc: 13_888n, af: 2_500n, fr: 333n },
      outstandingPct: 1_204_000n,
      extraLines: NO_EXTRA_LINES,
      creditValue: DEMO_C,
      amounts: {
        fc: 83_328n,
        af: 15_000n,
        fr: 1_998n,
        ins: 2_745n,
        outstanding: 7_224_000n,
        fundRevaluation: 0n,
        priceDifference: { fc: 0n, af: 0n, fr: 0n, ins: 0n },
        total: 103_071n,
      },
    }));
  it('bills period 72 with the last percentages', () => {
    const b = bill(72, '2031-02-10');
    assert.deepEqual(b.pcts, { fc: 13_952n, af: 2_500n, fr: 357n });
    assert.equal(b.amounts.total, 83_712n + 15_000n + 2_142n + 38n);
  });
  it('moves a Saturday due date to Monday as the effective due date', () =>
    assert.equal(bill(4, '2025-04-05').effectiveDue, '2025-04-07'));
  it('bills a record sold after 10 assemblies its installment 1 in period 11', () => {
    const { schedule } = enrollmentPlan({ rates: DEMO_RATES, termMonths: 72, assembliesHeld: 10 });
    const b = bill(11, '2026-01-10', schedule);
    assert.equal(b.installment, 1);
    assert.deepEqual(b.pcts, schedule.regular);
  });
  it('carries the extra lines into the billed total', () => {
    const b = billInstallment({
      schedule: DEMO_SCHEDULE,
      period: 13,
      dueDate: '2026-03-10',
      holidays: NO_HOLIDAYS,
      creditValue: DEMO_C,
      insurance: DEMO_INSURANCE,
      extraLines: { fundRevaluation: 1_307n, priceDifference: { fc: 0n, af: 0n, fr: 0n, ins: 0n } },
    });
    assert.equal(b.amounts.total, bill(13, '2026-03-10').amounts.total + 1_307n);
  });
  for (const period of [0, 73])
    it(`refuses period ${period}, outside a 72-installment schedule, with no_installment_in_period`, () =>
      assertRule(() => bill(period), 'no_installment_in_period', ['1..72']));
  it('refuses a period before a late member’s first with no_installment_in_period', () => {
    const { schedule } = enrollmentPlan({ rates: DEMO_RATES, termMonths: 72, assembliesHeld: 10 });
    assertRule(() => bill(10, '2025-12-10', schedule), 'no_installment_in_period', ['11..72', '10']);
  });
  it('rejects a malformed due date on due_date', () => assertInvalid(() => bill(1, '2025-03-1'), ['due_date']));
});

describe('isBillingStatus', () => {
  it('bills ACTIVE, DELINQUENT, CONTEMPLATED and CONTEMPLATED_DELINQUENT records', () => {
    assert.deepEqual([...BILLING_STATUSES], ['ACTIVE', 'DELINQUENT', 'CONTEMPLATED', 'CONTEMPLATED_DELINQUENT']);
    for (const s of BILLING_STATUSES) assert.equal(isBillingStatus(s), true);
  });
  for (const s of ['AVAILABLE', 'ENROLLED', 'SETTLED', 'EXCLUDED', 'REFUND_AWARDED', 'REFUNDED', 'WITHDRAWN', 'CLOSED'])
    it(`does not bill a ${s} record in the monthly run`, () => assert.equal(isBillingStatus(s), false));
});
