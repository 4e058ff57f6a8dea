import assert from 'node:assert/strict';
import fc from 'fast-check';
import { applyPct, formatBRL } from '@consorcio/shared/money';
import {
  type ExtraLines,
  NO_PRICE_DIFFERENCE,
  installmentAmounts,
  installmentPcts,
  minimumQuotasToConstitute,
  outstandingPctBefore,
  priceDifference,
  upfrontAdminFee,
  valueInstallment,
} from '../../../src/domain';
import {
  DEMO_C,
  DEMO_INSURANCE,
  DEMO_SCHEDULE,
  NO_INSURANCE,
  arbCreditValue,
  arbSchedule,
  assertInvalid,
} from './installment-fixtures';

const demo = (installment: number, creditValue = DEMO_C, extraLines?: ExtraLines) =>
  installmentAmounts({
    schedule: DEMO_SCHEDULE,
    installment,
    creditValue,
    insurance: DEMO_INSURANCE,
    ...(extraLines ? { extraLines } : {}),
  });

/** C after G-DEMO's first IPCA adjustment (+4.5678 %). */
const C13 = 6_274_068n;

describe('installmentAmounts', () => {
  it('values G-DEMO installment 1 at 83 328 + 15 000 + 1 998 + 2 745 = 103 071 (R$ 1.030,71)', () => {
    const a = demo(1);
    assert.deepEqual(a, {
      fc: 83_328n,
      af: 15_000n,
      fr: 1_998n,
      ins: 2_745n,
      outstanding: 7_224_000n,
      fundRevaluation: 0n,
      priceDifference: NO_PRICE_DIFFERENCE,
      total: 103_071n,
    });
    assert.equal(formatBRL(a.total), 'R$ 1.030,71');
  });
  it('values G-DEMO installment 72 at fc 83 712, af 15 000, fr 2 142 with outstanding 100 854 and insurance 38', () => {
    const a = demo(72);
    assert.deepEqual(
      [a.fc, a.af, a.fr, a.outstanding, a.ins, a.total],
      [83_712n, 15_000n, 2_142n, 100_854n, 38n, 83_712n + 15_000n + 2_142n + 38n],
    );
  });
  it('adds up the FC of the 72 G-DEMO installments to exactly 6 000 000 (71 × 83 328 + 83 712)', () => {
    let fcSum = 0n;
    let afSum = 0n;
    let frSum = 0n;
    for (let i = 1; i <= 72; i++) {
      const a = demo(i);
      fcSum += a.fc;
      afSum += a.af;
      frSum += a.fr;
    }
    assert.equal(fcSum, 6_000_000n);
    assert.equal(71n * 83_328n + 83_712n, 6_000_000n);
    assert.equal(afSum, 1_080_000n);
    assert.equal(frSum, 144_000n);
  });
  it('charges insurance on the outstanding balance, which falls installment by installment', () => {
    const first = demo(1);
    const second = demo(2);
    assert.equal(second.outstanding, applyPct(DEMO_C, 1_204_000n - 16_721n));
    assert.equal(second.ins, applyPct(second.outstanding, 380n));
    assert.ok(second.ins < first.ins);
  });
  it('charges no insurance to a record that did not opt in but still reports its outstanding balance', () => {
    const a = installmentAmounts({
      schedule: DEMO_SCHEDULE,
      installment: 1,
      creditValue: DEMO_C,
      insurance: NO_INSURANCE,
    });
    assert.equal(a.ins, 0n);
    assert.equal(a.outstanding, 7_224_000n);
    assert.equal(a.total, 83_328n + 15_000n + 1_998n);
  });
  it('values a regular installment after the +4.5678 % adjustment (C = 6 274 068) at fc 87 134, af 15 685, fr 2 089', () => {
    const a = demo(13, C13);
    assert.deepEqual([a.fc, a.af, a.fr], [87_134n, 15_685n, 2_089n]);
  });
  it('adds a fund revaluation share of 1 307 to the total', () => {
    const plain = demo(13, C13);
    const withShare = demo(13, C13, { fundRevaluation: 1_307n, priceDifference: NO_PRICE_DIFFERENCE });
    assert.equal(withShare.fundRevaluation, 1_307n);
    assert.equal(withShare.total, plain.total + 1_307n);
    assert.deepEqual(
      [withShare.fc, withShare.af, withShare.fr, withShare.ins],
      [plain.fc, plain.af, plain.fr, plain.ins],
    );
  });
  it('subtracts a fund revaluation discount from the total', () =>
    assert.equal(
      demo(13, C13, { fundRevaluation: -1_306n, priceDifference: NO_PRICE_DIFFERENCE }).total,
      demo(13, C13).total - 1_306n,
    ));
  it('adds every part of a price difference to the total', () => {
    const pd = { fc: 3_806n, af: 685n, fr: 91n, ins: 126n };
    const a = demo(14, C13, { fundRevaluation: 0n, priceDifference: pd });
    assert.deepEqual(a.priceDifference, pd);
    assert.equal(a.total, demo(14, C13).total + 3_806n + 685n + 91n + 126n);
  });
  it('rejects a credit value of 0 on credit_value_centavos', () =>
    assertInvalid(() => demo(1, 0n), ['credit_value_centavos']));
  it('rejects an installment outside the schedule on installment', () =>
    assertInvalid(() => demo(73), ['installment']));
  it('has components and lines that always add up to the total (property)', () =>
    fc.assert(
      fc.property(
        arbSchedule.chain((s) => fc.tuple(fc.constant(s), fc.integer({ min: 1, max: s.count }))),
        arbCreditValue,
        fc.boolean(),
        fc.bigInt({ min: 0n, max: 100_000n }),
        fc.record({
          fundRevaluation: fc.bigInt({ min: -100_000n, max: 100_000n }),
          priceDifference: fc.record({
            fc: fc.bigInt({ min: -100_000n, max: 100_000n }),
            af: fc.bigInt({ min: -100_000n, max: 100_000n }),
            fr: fc.bigInt({ min: -100_000n, max: 100_000n }),
            ins: fc.bigInt({ min: -100_000n, max: 100_000n }),
          }),
        }),
        ([schedule, installment], creditValue, optIn, monthlyPct, extraLines) => {
          const a = installmentAmounts({
            schedule,
            installment,
            creditValue,
            insurance: { optIn, monthlyPct },
            extraLines,
          });
          const pd = a.priceDifference;
          assert.equal(a.total, a.fc + a.af + a.fr + a.ins + a.fundRevaluation + pd.fc + pd.af + pd.fr + pd.ins);
        },
      ),
    ));
  it('never has a negative amount without signed extra lines (property)', () =>
    fc.assert(
      fc.property(
        arbSchedule.chain((s) => fc.tuple(fc.constant(s), fc.integer({ min: 1, max: s.count }))),
        arbCreditValue,
        fc.boolean(),
        fc.bigInt({ min: 0n, max: 100_000n }),
        ([schedule, installment], creditValue, optIn, monthlyPct) => {
          const a = installmentAmounts({ schedule, installment, creditValue, insurance: { optIn, monthlyPct } });
          for (const v of [a.fc, a.af, a.fr, a.ins, a.outstanding, a.total]) assert.ok(v >= 0n);
        },
      ),
    ));
});

describe('valueInstallment', () => {
  const base = {
    pcts: installmentPcts(DEMO_SCHEDULE, 1),
    outstandingPct: outstandingPctBefore(DEMO_SCHEDULE, 1),
    creditValue: DEMO_C,
    insurance: DEMO_INSURANCE,
  };
  it('values stored percentages like the schedule does (103 071 for G-DEMO installment 1)', () =>
    assert.equal(valueInstallment(base).total, 103_071n));
  it('rejects negative percentages on pcts', () =>
    assertInvalid(() => valueInstallment({ ...base, pcts: { fc: -1n, af: 0n, fr: 0n } }), ['pcts']));
  it('rejects a negative balance on outstanding_pct', () =>
    assertInvalid(() => valueInstallment({ ...base, outstandingPct: -1n }), ['outstanding_pct']));
  it('rejects a negative insurance rate on insurance_monthly_pct', () =>
    assertInvalid(
      () => valueInstallment({ ...base, insurance: { optIn: true, monthlyPct: -1n } }),
      ['insurance_monthly_pct'],
    ));
  it('rejects a negative credit value on credit_value_centavos', () =>
    assertInvalid(() => valueInstallment({ ...base, creditValue: -6_000_000n }), ['credit_value_centavos']));
});

describe('priceDifference', () => {
  it('bills installment 13 billed at the old C with the differences of fc 3 806, af 685, fr 91 and insurance', () => {
    const billed = demo(13, DEMO_C);
    const right = demo(13, C13);
    const pd = priceDifference(right, billed);
    assert.deepEqual([pd.fc, pd.af, pd.fr], [87_134n - 83_328n, 15_685n - 15_000n, 2_089n - 1_998n]);
    assert.deepEqual([pd.fc, pd.af, pd.fr], [3_806n, 685n, 91n]);
    assert.equal(pd.ins, right.ins - billed.ins);
    assert.ok(pd.ins > 0n);
  });
  it('compensates with negative differences when the installment was billed too high', () => {
    const pd = priceDifference(demo(13, DEMO_C), demo(13, C13));
    assert.deepEqual([pd.fc, pd.af, pd.fr], [-3_806n, -685n, -91n]);
  });
  it('is zero when the credit value did not change', () =>
    assert.deepEqual(priceDifference(demo(5), demo(5)), NO_PRICE_DIFFERENCE));
});

describe('upfrontAdminFee', () => {
  it('charges applyPct(C_1, 3 %) = 180 000 (R$ 1.800,00) at enrollment', () =>
    assert.equal(upfrontAdminFee(DEMO_C, 30_000n), 180_000n));
  it('is 0 without an upfront fee', () => assert.equal(upfrontAdminFee(DEMO_C, 0n), 0n));
  it('rounds half up (1 % of 50 centavos is 1 centavo)', () => assert.equal(upfrontAdminFee(50n, 10_000n), 1n));
  it('rejects a negative rate on admin_fee_upfront_pct', () =>
    assertInvalid(() => upfrontAdminFee(DEMO_C, -1n), ['admin_fee_upfront_pct']));
  it('rejects a credit value of 0 on credit_value_centavos', () =>
    assertInvalid(() => upfrontAdminFee(0n, 30_000n), ['credit_value_centavos']));
});

describe('minimumQuotasToConstitute', () => {
  const first = { fc: 83_328n, fr: 1_998n };
  it('needs ⌈6 000 000 / 85 326⌉ = 71 G-DEMO quotas for one draw', () =>
    assert.equal(minimumQuotasToConstitute({ drawsPerAssembly: 1, creditValue: DEMO_C, firstInstallment: first }), 71));
  it('needs ⌈12 000 000 / 85 326⌉ = 141 for two draws', () =>
    assert.equal(
      minimumQuotasToConstitute({ drawsPerAssembly: 2, creditValue: DEMO_C, firstInstallment: first }),
      141,
    ));
  it('needs exactly 100 when 100 first installments fund the draw to the centavo', () =>
    assert.equal(
      minimumQuotasToConstitute({
        drawsPerAssembly: 1,
        creditValue: DEMO_C,
        firstInstallment: { fc: 59_000n, fr: 1_000n },
      }),
      100,
    ));
  it('takes fc and fr of G-DEMO installment 1 as valued by installmentAmounts', () => {
    const a = demo(1);
    assert.equal(minimumQuotasToConstitute({ drawsPerAssembly: 1, creditValue: DEMO_C, firstInstallment: a }), 71);
  });
  it('rejects 0 draws on draws_per_assembly', () =>
    assertInvalid(
      () => minimumQuotasToConstitute({ drawsPerAssembly: 0, creditValue: DEMO_C, firstInstallment: first }),
      ['draws_per_assembly'],
    ));
  it('rejects a first installment with nothing for the funds on first_installment', () =>
    assertInvalid(
      () =>
        minimumQuotasToConstitute({ drawsPerAssembly: 1, creditValue: DEMO_C, firstInstallment: { fc: 0n, fr: 0n } }),
      ['first_installment'],
    ));
  it('rejects a credit value of 0 on credit_value_centavos', () =>
    assertInvalid(
      () => minimumQuotasToConstitute({ drawsPerAssembly: 1, creditValue: 0n, firstInstallment: first }),
      ['credit_value_centavos'],
    ));
});
