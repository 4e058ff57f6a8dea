import assert from 'node:assert/strict';
import fc from 'fast-check';
import { enrollmentPlan, installmentAmounts, installmentPcts, upfrontAdminFee } from '../../../payments/src/domain';
import { regularInstallment, type PlanTerms } from '../../src/domain/installment';

/** Plans a group may have: 6..240 months, admin fee up to 30 % (part of it upfront), reserve up to 5 %. */
const planArb: fc.Arbitrary<PlanTerms> = fc
  .record({
    creditValue: fc.bigInt({ min: 1_000_00n, max: 5_000_000_00n }),
    termMonths: fc.integer({ min: 6, max: 240 }),
    adminFeeTotalPct: fc.bigInt({ min: 0n, max: 300_000n }),
    upfrontShare: fc.integer({ min: 0, max: 100 }),
    reserveFundTotalPct: fc.bigInt({ min: 0n, max: 50_000n }),
    joinedAfter: fc.nat(),
  })
  .map((p) => ({
    creditValue: p.creditValue,
    termMonths: p.termMonths,
    adminFeeTotalPct: p.adminFeeTotalPct,
    adminFeeUpfrontPct: (p.adminFeeTotalPct * BigInt(p.upfrontShare)) / 100n,
    reserveFundTotalPct: p.reserveFundTotalPct,
    enrolledAtPeriod: 1 + (p.joinedAfter % p.termMonths),
  }));

describe("the adhesion contract's installment", () => {
  it("is what payments bills for the record's first installment, insurance aside (property)", () => {
    fc.assert(
      fc.property(planArb, (t) => {
        const contract = regularInstallment(t);
        const { schedule } = enrollmentPlan({
          rates: t,
          termMonths: t.termMonths,
          assembliesHeld: t.enrolledAtPeriod - 1,
        });
        const billed = installmentAmounts({
          schedule,
          installment: 1,
          creditValue: t.creditValue,
          insurance: { optIn: false, monthlyPct: 0n },
        });
        assert.equal(contract.installments, schedule.count);
        assert.equal(schedule.firstPeriod, t.enrolledAtPeriod);
        assert.deepEqual({ fc: contract.fcPct, af: contract.afPct, fr: contract.frPct }, installmentPcts(schedule, 1));
        assert.equal(contract.amount, billed.total);
        assert.equal(contract.upfrontFee, upfrontAdminFee(t.creditValue, t.adminFeeUpfrontPct));
      }),
    );
  });

  it('matches payments for G-DEMO, a founder and a late joiner', () => {
    const gDemo: PlanTerms = {
      creditValue: 6_000_000n,
      termMonths: 72,
      adminFeeTotalPct: 150_000n,
      adminFeeUpfrontPct: 10_000n,
      reserveFundTotalPct: 20_000n,
      enrolledAtPeriod: 1,
    };
    for (const enrolledAtPeriod of [1, 13, 72]) {
      const t = { ...gDemo, enrolledAtPeriod };
      const { schedule } = enrollmentPlan({ rates: t, termMonths: 72, assembliesHeld: enrolledAtPeriod - 1 });
      const billed = installmentAmounts({
        schedule,
        installment: 1,
        creditValue: t.creditValue,
        insurance: { optIn: false, monthlyPct: 0n },
      });
      assert.equal(regularInstallment(t).amount, billed.total, `enrolled at period ${enrolledAtPeriod}`);
    }
    assert.equal(regularInstallment(gDemo).amount, 96_654n); // R$ 966,54
  });
});
