import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addDays } from '@consorcio/shared/clock';
import { PCT_SCALE } from '@consorcio/shared/money';
import {
  DEFAULT_LATE_FEE_RATES,
  type LateFeeRates,
  daysLate,
  effectiveDueDate,
  lateFeeShares,
  lateFees,
} from '../../../src/domain';
import { NO_HOLIDAYS, assertInvalid } from './installment-fixtures';

const TIRADENTES = new Set(['2025-04-21']);

const fees = (
  dueDate: string,
  paymentDate: string,
  base = 103_071n,
  holidays = NO_HOLIDAYS,
  rates = DEFAULT_LATE_FEE_RATES,
) => lateFees({ base, dueDate, paymentDate, holidays, rates });

describe('effectiveDueDate', () => {
  it('keeps a business day', () => assert.equal(effectiveDueDate('2025-03-10', NO_HOLIDAYS), '2025-03-10'));
  it('moves a Saturday due date to Monday', () =>
    assert.equal(effectiveDueDate('2025-04-05', NO_HOLIDAYS), '2025-04-07'));
  it('moves a holiday to the next business day', () =>
    assert.equal(effectiveDueDate('2025-04-21', TIRADENTES), '2025-04-22'));
  it('rejects a date that does not exist on due_date', () =>
    assertInvalid(() => effectiveDueDate('2025-02-30', NO_HOLIDAYS), ['due_date']));
});

describe('daysLate', () => {
  it('counts 11 calendar days from Monday 2025-03-10 to Friday 2025-03-21', () =>
    assert.equal(daysLate('2025-03-10', '2025-03-21'), 11));
  it('is 0 on the effective due date and before it', () => {
    assert.equal(daysLate('2025-03-10', '2025-03-10'), 0);
    assert.equal(daysLate('2025-03-10', '2025-03-01'), 0);
  });
  it('rejects a malformed payment date on payment_date', () =>
    assertInvalid(() => daysLate('2025-03-10', '21/03/2025'), ['payment_date']));
});

describe('lateFees', () => {
  it('charges 103 071 paid 11 days late a fine of 2 061 and interest of 378, split 1 219 / 1 220', () =>
    assert.deepEqual(fees('2025-03-10', '2025-03-21'), {
      effectiveDue: '2025-03-10',
      daysLate: 11,
      fine: 2_061n,
      interest: 378n,
      fees: 2_439n,
      adminShare: 1_219n,
      groupShare: 1_220n,
    }));
  it('makes that installment due at 105 510', () => {
    const f = fees('2025-03-10', '2025-03-21');
    assert.equal(103_071n + f.fine + f.interest, 105_510n);
  });
  it('counts from the effective due date: nominal Saturday 2025-03-08 paid 2025-03-21 is 11 days late, not 13', () =>
    assert.deepEqual(fees('2025-03-08', '2025-03-21'), fees('2025-03-10', '2025-03-21')));
  it('charges nothing when a Saturday due date is paid on the following Monday', () =>
    assert.deepEqual(fees('2025-04-05', '2025-04-07'), {
      effectiveDue: '2025-04-07',
      daysLate: 0,
      fine: 0n,
      interest: 0n,
      fees: 0n,
      adminShare: 0n,
      groupShare: 0n,
    }));
  it('charges nothing when a holiday due date is paid on the next business day', () =>
    assert.equal(fees('2025-04-21', '2025-04-22', 103_071n, TIRADENTES).fees, 0n));
  it('charges one day when the holiday is not in the injected table', () =>
    assert.equal(fees('2025-04-21', '2025-04-22').daysLate, 1));
  it('charges the fine in full and one day of interest (34) one day after the effective due date', () => {
    const f = fees('2025-04-21', '2025-04-23', 103_071n, TIRADENTES);
    assert.deepEqual([f.daysLate, f.fine, f.interest], [1, 2_061n, 34n]);
  });
  it('charges nothing when paid before the due date', () => assert.equal(fees('2025-03-10', '2025-03-03').fees, 0n));
  it('charges the fine once however late (60 days: fine 2 061, interest 2 061)', () => {
    const f = fees('2025-03-10', addDays('2025-03-10', 60));
    assert.deepEqual([f.fine, f.interest], [2_061n, 2_061n]);
  });
  it('rejects a negative base on base', () => assertInvalid(() => fees('2025-03-10', '2025-03-21', -1n), ['base']));
  it('rejects a malformed due date on due_date', () =>
    assertInvalid(() => fees('2025-3-10', '2025-03-21'), ['due_date']));
  it('rejects a malformed payment date on payment_date', () =>
    assertInvalid(() => fees('2025-03-10', '2025-03-32'), ['payment_date']));
  const badRates: [keyof LateFeeRates, string][] = [
    ['lateFinePct', 'late_fine_pct'],
    ['lateInterestMonthlyPct', 'late_interest_monthly_pct'],
    ['lateFeesGroupSharePct', 'late_fees_group_share_pct'],
  ];
  for (const [key, field] of badRates)
    it(`rejects a negative ${key} on ${field}`, () =>
      assertInvalid(
        () => fees('2025-03-10', '2025-03-21', 103_071n, NO_HOLIDAYS, { ...DEFAULT_LATE_FEE_RATES, [key]: -1n }),
        [field],
      ));
  const arbRates = fc.record({
    lateFinePct: fc.bigInt({ min: 0n, max: 20_000n }),
    lateInterestMonthlyPct: fc.bigInt({ min: 0n, max: 10_000n }),
    lateFeesGroupSharePct: fc.bigInt({ min: PCT_SCALE / 2n, max: PCT_SCALE }),
  });
  it('splits fees into shares that add up to them, the group never getting less than the administrator (property)', () =>
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 100_000_000n }),
        fc.integer({ min: -30, max: 400 }),
        arbRates,
        (base, offset, rates) => {
          const f = fees('2025-03-10', addDays('2025-03-10', offset), base, NO_HOLIDAYS, rates);
          assert.equal(f.fees, f.fine + f.interest);
          assert.equal(f.adminShare + f.groupShare, f.fees);
          assert.ok(f.groupShare >= f.adminShare);
          for (const v of [f.fine, f.interest, f.adminShare, f.groupShare]) assert.ok(v >= 0n);
          assert.equal(f.daysLate, Math.max(0, offset));
          if (f.daysLate === 0) assert.equal(f.fees, 0n);
        },
      ),
    ));
});

describe('lateFeeShares', () => {
  it('gives the group the odd centavo of 2 439 at 50 %', () =>
    assert.deepEqual(lateFeeShares(2_439n, 500_000n), { adminShare: 1_219n, groupShare: 1_220n }));
  it('splits an even amount in halves', () =>
    assert.deepEqual(lateFeeShares(2_438n, 500_000n), { adminShare: 1_219n, groupShare: 1_219n }));
  it('gives everything to the group at 100 % and to the administrator at 0 %', () => {
    assert.deepEqual(lateFeeShares(2_439n, PCT_SCALE), { adminShare: 0n, groupShare: 2_439n });
    assert.deepEqual(lateFeeShares(2_439n, 0n), { adminShare: 2_439n, groupShare: 0n });
  });
  it('rejects negative fees on fees', () => assertInvalid(() => lateFeeShares(-1n, 500_000n), ['fees']));
  it('rejects a share above 100 % on late_fees_group_share_pct', () =>
    assertInvalid(() => lateFeeShares(1n, PCT_SCALE + 1n), ['late_fees_group_share_pct']));
});
