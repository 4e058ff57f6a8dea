import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addDays } from '@consorcio/shared/clock';
import {
  DEFAULT_LATE_FEE_RATES,
  type OpenInstallment,
  type PaymentTerms,
  amountDue,
  billInstallment,
  oldestOpenInstallment,
  settlePayment,
} from '../../../src/domain';
import { DEMO_C, DEMO_INSURANCE, DEMO_SCHEDULE, NO_HOLIDAYS, assertInvalid, assertRule } from './installment-fixtures';

const TERMS: PaymentTerms = {
  creditValue: DEMO_C,
  insurance: DEMO_INSURANCE,
  lateFeeRates: DEFAULT_LATE_FEE_RATES,
  holidays: NO_HOLIDAYS,
};

/** The G-DEMO founder's installment of `period`, billed at C = 6 000 000 and due on `dueDate`. */
const billed = (period: number, dueDate: string): OpenInstallment =>
  billInstallment({
    schedule: DEMO_SCHEDULE,
    period,
    dueDate,
    holidays: NO_HOLIDAYS,
    creditValue: DEMO_C,
    insurance: DEMO_INSURANCE,
  });

// Installment 1's percentages stand in for the late-fee example's arithmetic (103 071 at the payment date).
const first = billed(1, '2025-03-10');
const fourth = billed(4, '2025-04-05');
const fifth = billed(5, '2025-05-05');

describe('amountDue', () => {
  it('is the billed total (103 071) with no fees when paid on the due date', () => {
    const due = amountDue(first, '2025-03-10', TERMS);
    assert.equal(due.amountDue, 103_071n);
    assert.equal(due.onTime, true);
    assert.equal(due.lateFees.fees, 0n);
  });
  it('adds the late fees: 103 071 due 2025-03-10 paid 2025-03-21 is due at 105 510', () => {
    const due = amountDue(first, '2025-03-21', TERMS);
    assert.deepEqual(
      [due.amounts.total, due.lateFees.daysLate, due.lateFees.fine, due.lateFees.interest, due.amountDue],
      [103_071n, 11, 2_061n, 378n, 105_510n],
    );
    assert.deepEqual([due.lateFees.adminShare, due.lateFees.groupShare], [1_219n, 1_220n]);
    assert.equal(due.onTime, false);
  });
  it('revalues a late installment at the credit value of the payment date (6 274 068: total 107 779, due 110 330)', () => {
    const due = amountDue(first, '2025-03-21', { ...TERMS, creditValue: 6_274_068n });
    assert.deepEqual(
      [due.amounts.fc, due.amounts.af, due.amounts.fr, due.amounts.outstanding, due.amounts.ins, due.amounts.total],
      [87_134n, 15_685n, 2_089n, 7_553_978n, 2_871n, 107_779n],
    );
    // Fees on the revalued total: fine applyPct(107 779, 2 %) = 2 156, interest 395.
    assert.deepEqual([due.lateFees.fine, due.lateFees.interest, due.amountDue], [2_156n, 395n, 110_330n]);
  });
  it('is on time on Monday 2025-04-07 for an installment nominally due on Saturday 2025-04-05', () => {
    const due = amountDue(fourth, '2025-04-07', TERMS);
    assert.equal(due.onTime, true);
    assert.equal(due.amountDue, due.amounts.total);
  });
  it('charges installment 4 paid on 2025-05-12 35 days of interest from the effective 2025-04-07', () => {
    const due = amountDue(fourth, '2025-05-12', TERMS);
    assert.deepEqual(
      [due.amounts.total, due.lateFees.daysLate, due.lateFees.fine, due.lateFees.interest, due.amountDue],
      [102_957n, 35, 2_059n, 1_201n, 106_217n],
    );
  });
  it('keeps the extra lines of the installment in the late-fee base', () => {
    const withLines: OpenInstallment = {
      ...first,
      extraLines: { fundRevaluation: 1_307n, priceDifference: { fc: 10n, af: 2n, fr: 1n, ins: 0n } },
    };
    const due = amountDue(withLines, '2025-03-21', TERMS);
    assert.equal(due.amounts.total, 103_071n + 1_307n + 13n);
    assert.equal(due.lateFees.fine, 2_088n); // applyPct(104 391, 2 %) = 2 087.82
  });
  it('rejects a malformed payment date on payment_date', () =>
    assertInvalid(() => amountDue(first, '2025-13-01', TERMS), ['payment_date']));
});

describe('oldestOpenInstallment', () => {
  it('is the lowest period whatever the order', () => assert.equal(oldestOpenInstallment([fifth, fourth]).period, 4));
  it('refuses a record with nothing open with no_open_installment', () =>
    assertRule(() => oldestOpenInstallment([]), 'no_open_installment'));
  it('rejects two open installments of one period on open_installments', () =>
    assertInvalid(() => oldestOpenInstallment([fourth, fourth]), ['open_installments']));
});

describe('settlePayment', () => {
  const pay = (
    amount: bigint,
    paymentDate: string,
    period?: number,
    open: readonly OpenInstallment[] = [fifth, fourth],
  ) =>
    settlePayment({
      openInstallments: open,
      amount,
      paymentDate,
      terms: TERMS,
      ...(period === undefined ? {} : { period }),
    });

  it('settles the oldest open installment when paid its exact amount due', () => {
    const s = pay(106_217n, '2025-05-12');
    assert.equal(s.period, 4);
    assert.equal(s.amountDue, 106_217n);
    assert.equal(s.lateFees.groupShare + s.lateFees.adminShare, 3_260n);
  });
  it('accepts a payment naming the oldest open installment', () =>
    assert.equal(pay(106_217n, '2025-05-12', 4).period, 4));
  it('settles the late-fee example for exactly 105 510', () =>
    assert.equal(
      settlePayment({ openInstallments: [first], amount: 105_510n, paymentDate: '2025-03-21', terms: TERMS }).amountDue,
      105_510n,
    ));
  it('refuses the billed amount once fees are due with amount_mismatch naming expected and received', () =>
    assertRule(
      () => settlePayment({ openInstallments: [first], amount: 103_071n, paymentDate: '2025-03-21', terms: TERMS }),
      'amount_mismatch',
      ['expected 105510', 'received 103071', 'R$ 1.055,10', 'period 1'],
    ));
  it('refuses one centavo more with amount_mismatch', () =>
    assertRule(() => pay(106_218n, '2025-05-12'), 'amount_mismatch', ['expected 106217', 'received 106218']));
  it('refuses the amount of a newer installment (no paying installment 5 while 4 is open)', () => {
    const fifthDue = amountDue(fifth, '2025-05-05', TERMS).amountDue;
    assertRule(() => pay(fifthDue, '2025-05-05', 5), 'not_oldest_open_installment', ['period 4', 'period 5']);
    assertRule(() => pay(fifthDue, '2025-05-05'), 'amount_mismatch');
  });
  it('refuses a payment when nothing is open with no_open_installment', () =>
    assertRule(() => pay(100n, '2025-05-12', undefined, []), 'no_open_installment'));
  for (const amount of [0n, -1n, -106_217n])
    it(`rejects an amount of ${amount} on amount_centavos`, () =>
      assertInvalid(() => pay(amount, '2025-05-12'), ['amount_centavos']));
  it('rejects a malformed payment date on payment_date', () =>
    assertInvalid(() => pay(106_217n, '12/05/2025'), ['payment_date']));
  it('accepts exactly the amount due and refuses every other amount (property)', () =>
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 72 }),
        fc.integer({ min: -20, max: 200 }),
        fc.bigInt({ min: 5_000_000n, max: 8_000_000n }),
        fc.bigInt({ min: -1_000n, max: 1_000n }).filter((d) => d !== 0n),
        (period, offset, creditValue, delta) => {
          const open = [billed(period, '2025-06-05'), billed(period - 1, '2025-05-05')];
          const terms = { ...TERMS, creditValue };
          const paymentDate = addDays('2025-05-05', offset);
          const expected = amountDue(open[1]!, paymentDate, terms).amountDue;
          const s = settlePayment({ openInstallments: open, amount: expected, paymentDate, terms });
          assert.equal(s.period, period - 1);
          assert.equal(s.amountDue, s.amounts.total + s.lateFees.fine + s.lateFees.interest);
          assert.equal(s.onTime, offset <= 0);
          if (expected + delta > 0n)
            assertRule(
              () => settlePayment({ openInstallments: open, amount: expected + delta, paymentDate, terms }),
              'amount_mismatch',
            );
        },
      ),
    ));
});
