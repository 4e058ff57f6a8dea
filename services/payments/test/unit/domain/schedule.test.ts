import assert from 'node:assert/strict';
import fc from 'fast-check';
import { PCT_SCALE, formatPctDecimal } from '@consorcio/shared/money';
import {
  ZERO_PCTS,
  addPcts,
  buildSchedule,
  enrollmentPlan,
  expandSchedule,
  installmentAtPeriod,
  installmentPcts,
  outstandingPctBefore,
  paidPcts,
  periodOfInstallment,
  planTotals,
  remainingPcts,
  scheduleTotals,
  sumPcts,
} from '../../../src/domain';
import {
  DEMO_RATES,
  DEMO_SCHEDULE,
  DEMO_T,
  arbRates,
  arbSchedule,
  arbTermAndJoin,
  assertInvalid,
  assertNonNegative,
  assertRule,
} from './installment-fixtures';

describe('planTotals', () => {
  it('is FC 100 %, the admin fee and the reserve for G-DEMO', () =>
    assert.deepEqual(planTotals(DEMO_RATES), { fc: 1_000_000n, af: 180_000n, fr: 24_000n }));
  it('deducts the upfront admin fee from the spread admin fee', () =>
    assert.deepEqual(planTotals({ ...DEMO_RATES, adminFeeUpfrontPct: 30_000n }), {
      fc: 1_000_000n,
      af: 150_000n,
      fr: 24_000n,
    }));
  it('spreads nothing of the admin fee when all of it is paid upfront', () =>
    assert.equal(planTotals({ ...DEMO_RATES, adminFeeUpfrontPct: 180_000n }).af, 0n));
  it('rejects an upfront fee above the admin fee on admin_fee_upfront_pct', () =>
    assertInvalid(() => planTotals({ ...DEMO_RATES, adminFeeUpfrontPct: 180_001n }), ['admin_fee_upfront_pct']));
  it('rejects a negative upfront fee on admin_fee_upfront_pct', () =>
    assertInvalid(() => planTotals({ ...DEMO_RATES, adminFeeUpfrontPct: -1n }), ['admin_fee_upfront_pct']));
  it('rejects an admin fee above 100 % on admin_fee_total_pct', () =>
    assertInvalid(() => planTotals({ ...DEMO_RATES, adminFeeTotalPct: PCT_SCALE + 1n }), ['admin_fee_total_pct']));
  it('rejects a negative reserve on reserve_fund_total_pct', () =>
    assertInvalid(() => planTotals({ ...DEMO_RATES, reserveFundTotalPct: -1n }), ['reserve_fund_total_pct']));
});

describe('enrollmentPlan', () => {
  it('gives a G-DEMO founder 72 installments from period 1: 1.3888 % / 0.25 % / 0.0333 %, last 1.3952 % / 0.25 % / 0.0357 %', () =>
    assert.deepEqual(DEMO_SCHEDULE, {
      firstPeriod: 1,
      count: 72,
      regular: { fc: 13_888n, af: 2_500n, fr: 333n },
      last: { fc: 13_952n, af: 2_500n, fr: 357n },
    }));
  it('shows G-DEMO’s percentages as 1.3888 % / 0.2500 % / 0.0333 % and 1.3952 % / 0.2500 % / 0.0357 % last', () => {
    const show = (p: { fc: bigint; af: bigint; fr: bigint }): string[] => [p.fc, p.af, p.fr].map(formatPctDecimal);
    assert.deepEqual(show(DEMO_SCHEDULE.regular), ['1.3888%', '0.2500%', '0.0333%']);
    assert.deepEqual(show(DEMO_SCHEDULE.last), ['1.3952%', '0.2500%', '0.0357%']);
  });
  it('starts every record at 0 % paid', () =>
    assert.deepEqual(enrollmentPlan({ rates: DEMO_RATES, termMonths: 72, assembliesHeld: 0 }).paid, ZERO_PCTS));
  it('spreads the whole plan over T − k installments from period k + 1 for a member joining after k = 10', () => {
    const { schedule } = enrollmentPlan({ rates: DEMO_RATES, termMonths: 72, assembliesHeld: 10 });
    assert.equal(schedule.count, 62);
    assert.equal(schedule.firstPeriod, 11);
    // floor(1 000 000 / 62) = 16 129, last 1 000 000 − 61 × 16 129 = 16 131.
    assert.deepEqual(schedule.regular, { fc: 16_129n, af: 2_903n, fr: 387n });
    assert.deepEqual(schedule.last, { fc: 16_131n, af: 180_000n - 61n * 2_903n, fr: 24_000n - 61n * 387n });
    assert.deepEqual(scheduleTotals(schedule), { fc: 1_000_000n, af: 180_000n, fr: 24_000n });
  });
  it('starts a replacement quota sold after 30 assemblies at 0 % paid over the 42 periods left (D-08)', () => {
    const plan = enrollmentPlan({ rates: DEMO_RATES, termMonths: 72, assembliesHeld: 30 });
    assert.deepEqual(plan.paid, ZERO_PCTS);
    assert.equal(plan.schedule.count, 42);
    assert.equal(plan.schedule.firstPeriod, 31);
    assert.deepEqual(scheduleTotals(plan.schedule), planTotals(DEMO_RATES));
  });
  it('puts the whole plan in one installment for a record sold after T − 1 assemblies', () => {
    const { schedule } = enrollmentPlan({ rates: DEMO_RATES, termMonths: 72, assembliesHeld: 71 });
    assert.equal(schedule.count, 1);
    assert.deepEqual(schedule.last, { fc: 1_000_000n, af: 180_000n, fr: 24_000n });
  });
  it('reduces the spread admin fee by the upfront part (3 % upfront: 2 083 ×71 + 2 107)', () => {
    const { schedule } = enrollmentPlan({
      rates: { ...DEMO_RATES, adminFeeUpfrontPct: 30_000n },
      termMonths: 72,
      assembliesHeld: 0,
    });
    assert.equal(schedule.regular.af, 2_083n);
    assert.equal(schedule.last.af, 2_107n);
    assert.equal(scheduleTotals(schedule).af, 150_000n);
  });
  it('refuses a record sold after all T assemblies with no_installments_left', () =>
    assertRule(
      () => enrollmentPlan({ rates: DEMO_RATES, termMonths: 72, assembliesHeld: 72 }),
      'no_installments_left',
      ['72'],
    ));
  for (const termMonths of [5, 241, 12.5])
    it(`rejects a term of ${termMonths} on term_months`, () =>
      assertInvalid(() => enrollmentPlan({ rates: DEMO_RATES, termMonths, assembliesHeld: 0 }), ['term_months']));
  for (const assembliesHeld of [-1, 1.5])
    it(`rejects ${assembliesHeld} assemblies held on assemblies_held`, () =>
      assertInvalid(() => enrollmentPlan({ rates: DEMO_RATES, termMonths: 72, assembliesHeld }), ['assemblies_held']));
  it('adds up, per component, to the plan totals for any plan, term 6..240 and joining point (property)', () =>
    fc.assert(
      fc.property(arbRates, arbTermAndJoin, (rates, tj) => {
        const { schedule } = enrollmentPlan({ rates, ...tj });
        const expanded = expandSchedule(schedule);
        assert.equal(expanded.length, tj.termMonths - tj.assembliesHeld);
        const sum = expanded.reduce(addPcts, ZERO_PCTS);
        assert.deepEqual(sum, planTotals(rates));
        assert.deepEqual(scheduleTotals(schedule), sum);
      }),
    ));
  it('never has a negative percentage and its last installment is never below the regular one (property)', () =>
    fc.assert(
      fc.property(arbSchedule, (s) => {
        assertNonNegative(s.regular, 'regular');
        assertNonNegative(s.last, 'last');
        assert.ok(s.last.fc >= s.regular.fc && s.last.af >= s.regular.af && s.last.fr >= s.regular.fr);
        // Truncation: the residue carried by the last installment is less than one unit per earlier installment.
        const n = BigInt(s.count);
        assert.ok(s.last.fc - s.regular.fc < n && s.last.af - s.regular.af < n && s.last.fr - s.regular.fr < n);
      }),
    ));
});

describe('buildSchedule', () => {
  it('rebuilds a remaining 44.6484 % / 8.0367 % / 1.0718 % over 33 installments from period 12', () =>
    assert.deepEqual(buildSchedule({ fc: 446_484n, af: 80_367n, fr: 10_718n }, 33, 12), {
      firstPeriod: 12,
      count: 33,
      regular: { fc: 13_529n, af: 2_435n, fr: 324n },
      last: { fc: 13_556n, af: 2_447n, fr: 350n },
    }));
  it('is empty with 0 installments when nothing remains', () =>
    assert.deepEqual(buildSchedule(ZERO_PCTS, 0, 40), {
      firstPeriod: 40,
      count: 0,
      regular: ZERO_PCTS,
      last: ZERO_PCTS,
    }));
  it('starts in period 1 unless told otherwise', () => assert.equal(buildSchedule(ZERO_PCTS, 3).firstPeriod, 1));
  it('puts a remainder smaller than the count entirely in the last installment', () =>
    assert.deepEqual(buildSchedule({ fc: 5n, af: 0n, fr: 0n }, 10), {
      firstPeriod: 1,
      count: 10,
      regular: ZERO_PCTS,
      last: { fc: 5n, af: 0n, fr: 0n },
    }));
  it('rejects 0 installments while a percentage remains on count', () =>
    assertInvalid(() => buildSchedule({ fc: 1n, af: 0n, fr: 0n }, 0), ['count']));
  for (const count of [-1, 2.5])
    it(`rejects ${count} installments on count`, () => assertInvalid(() => buildSchedule(ZERO_PCTS, count), ['count']));
  it('rejects a negative total on totals', () =>
    assertInvalid(() => buildSchedule({ fc: 1n, af: -1n, fr: 0n }, 3), ['totals']));
  it('rejects period 0 on first_period', () => assertInvalid(() => buildSchedule(ZERO_PCTS, 3, 0), ['first_period']));
  it('spreads any remaining percentages over any count with the same sum (property)', () =>
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: PCT_SCALE }),
        fc.bigInt({ min: 0n, max: PCT_SCALE }),
        fc.bigInt({ min: 0n, max: PCT_SCALE }),
        fc.integer({ min: 1, max: 240 }),
        (f, a, r, n) => {
          const s = buildSchedule({ fc: f, af: a, fr: r }, n);
          assert.deepEqual(expandSchedule(s).reduce(addPcts, ZERO_PCTS), { fc: f, af: a, fr: r });
          assertNonNegative(s.regular, 'regular');
          assertNonNegative(s.last, 'last');
        },
      ),
    ));
});

describe('schedule positions', () => {
  it('gives installment 1..71 the regular and installment 72 the last percentages', () => {
    assert.deepEqual(installmentPcts(DEMO_SCHEDULE, 1), DEMO_SCHEDULE.regular);
    assert.deepEqual(installmentPcts(DEMO_SCHEDULE, 71), DEMO_SCHEDULE.regular);
    assert.deepEqual(installmentPcts(DEMO_SCHEDULE, 72), DEMO_SCHEDULE.last);
  });
  for (const i of [0, 73, 1.5])
    it(`rejects installment ${i} of 72 on installment`, () =>
      assertInvalid(() => installmentPcts(DEMO_SCHEDULE, i), ['installment']));
  it('maps installments to periods and back for a record that started in period 11', () => {
    const { schedule } = enrollmentPlan({ rates: DEMO_RATES, termMonths: 72, assembliesHeld: 10 });
    assert.equal(periodOfInstallment(schedule, 1), 11);
    assert.equal(periodOfInstallment(schedule, 62), 72);
    assert.equal(installmentAtPeriod(schedule, 11), 1);
    assert.equal(installmentAtPeriod(schedule, 72), 62);
    assert.equal(installmentAtPeriod(schedule, 10), null);
    assert.equal(installmentAtPeriod(schedule, 73), null);
  });
  it('has paid 30.5536 % of FC after 22 G-DEMO installments (the refund basis)', () => {
    assert.equal(paidPcts(DEMO_SCHEDULE, 22).fc, 305_536n);
    assert.equal(formatPctDecimal(paidPcts(DEMO_SCHEDULE, 22).fc), '30.5536%');
  });
  it('has paid the whole plan after the last installment', () =>
    assert.deepEqual(paidPcts(DEMO_SCHEDULE, 72), { fc: 1_000_000n, af: 180_000n, fr: 24_000n }));
  it('leaves 84.7232 % / 15.2500 % / 2.0337 % after 11 G-DEMO installments (the assembly 11 example)', () =>
    assert.deepEqual(remainingPcts(DEMO_SCHEDULE, 11), { fc: 847_232n, af: 152_500n, fr: 20_337n }));
  it('leaves nothing after the last installment', () => assert.deepEqual(remainingPcts(DEMO_SCHEDULE, 72), ZERO_PCTS));
  for (const paidCount of [-1, 73])
    it(`rejects ${paidCount} paid installments of 72 on paid_count`, () => {
      assertInvalid(() => paidPcts(DEMO_SCHEDULE, paidCount), ['paid_count']);
      assertInvalid(() => remainingPcts(DEMO_SCHEDULE, paidCount), ['paid_count']);
    });
  it('owes 120.4000 % before installment 1 and 1.6809 % before installment 72', () => {
    assert.equal(outstandingPctBefore(DEMO_SCHEDULE, 1), 1_204_000n);
    assert.equal(outstandingPctBefore(DEMO_SCHEDULE, 72), 13_952n + 2_500n + 357n);
  });
  it('expands to 72 installments', () => {
    const all = expandSchedule(DEMO_SCHEDULE);
    assert.equal(all.length, DEMO_T);
    assert.deepEqual(all[71], DEMO_SCHEDULE.last);
  });
  it('splits the plan into paid and remaining at every installment (property)', () =>
    fc.assert(
      fc.property(
        arbSchedule.chain((s) => fc.tuple(fc.constant(s), fc.integer({ min: 0, max: s.count }))),
        ([s, k]) => {
          assert.deepEqual(addPcts(paidPcts(s, k), remainingPcts(s, k)), scheduleTotals(s));
          if (k < s.count) assert.equal(outstandingPctBefore(s, k + 1), sumPcts(remainingPcts(s, k)));
        },
      ),
    ));
});
