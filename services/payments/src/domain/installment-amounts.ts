import { ValidationError } from '@consorcio/shared/errors';
import { applyPct, floorDiv } from '@consorcio/shared/money';
import { valuePcts } from '@consorcio/shared/rules';
import { installmentPcts, outstandingPctBefore } from './schedule';
import {
  type ComponentPcts,
  type ExtraLines,
  type InstallmentAmounts,
  type InsuranceTerms,
  NO_EXTRA_LINES,
  type PriceDifference,
  type Schedule,
} from './types';

/** The upfront admin fee at enrollment is a shared rule: the adhesion contract states the same amount. */
export { upfrontAdminFee } from '@consorcio/shared/rules';

/**
 * The centavos of an installment: each component is `applyPct(C, pct)` rounded on its own (D-11,
 * no centavo fix-up on the last installment), the insurance premium is charged on the outstanding balance (D-12) and
 * only for records that opted in, and the extra lines (fund revaluation, price difference) are added as
 * billed. An installment is valued at the credit value of the billing date, or of the payment date when paid late
 * (D-14).
 */

function requireCreditValue(creditValue: bigint): void {
  if (creditValue <= 0n) throw new ValidationError('credit_value_centavos', 'must be > 0');
}

/**
 * Values one installment from its percentages and `outstandingPct` (Σ of the record's percentages from this
 * installment on) at `creditValue`:
 * `fc/af/fr = applyPct(C, pct)`, `outstanding = applyPct(C, outstandingPct)`,
 * `ins = optIn ? applyPct(outstanding, insuranceMonthlyPct) : 0`, `total` = all lines.
 * @throws ValidationError on `credit_value_centavos` (≤ 0), `pcts` / `outstanding_pct` (negative) or
 *   `insurance_monthly_pct` (negative).
 */
export function valueInstallment(input: {
  pcts: ComponentPcts;
  outstandingPct: bigint;
  creditValue: bigint;
  insurance: InsuranceTerms;
  extraLines?: ExtraLines;
}): InstallmentAmounts {
  const { pcts, outstandingPct, creditValue, insurance } = input;
  const extra = input.extraLines ?? NO_EXTRA_LINES;
  const { fc, af, fr } = valuePcts(creditValue, pcts);
  if (outstandingPct < 0n) throw new ValidationError('outstanding_pct', 'must not be negative');
  if (insurance.monthlyPct < 0n) throw new ValidationError('insurance_monthly_pct', 'must not be negative');
  const outstanding = applyPct(creditValue, outstandingPct);
  const ins = insurance.optIn ? applyPct(outstanding, insurance.monthlyPct) : 0n;
  const pd = extra.priceDifference;
  const total = fc + af + fr + ins + extra.fundRevaluation + pd.fc + pd.af + pd.fr + pd.ins;
  return {
    fc,
    af,
    fr,
    ins,
    outstanding,
    fundRevaluation: extra.fundRevaluation,
    priceDifference: { fc: pd.fc, af: pd.af, fr: pd.fr, ins: pd.ins },
    total,
  };
}

/**
 * The amounts of installment `installment` (1-based) of `schedule` valued at `creditValue`. G-DEMO,
 * C = 6 000 000, installment 1: 83 328 + 15 000 + 1 998 + 2 745 = 103 071.
 * @throws ValidationError on `installment` outside the schedule, or as {@link valueInstallment}.
 */
export function installmentAmounts(input: {
  schedule: Schedule;
  installment: number;
  creditValue: bigint;
  insurance: InsuranceTerms;
  extraLines?: ExtraLines;
}): InstallmentAmounts {
  const { schedule, installment } = input;
  return valueInstallment({
    pcts: installmentPcts(schedule, installment),
    outstandingPct: outstandingPctBefore(schedule, installment),
    creditValue: input.creditValue,
    insurance: input.insurance,
    ...(input.extraLines === undefined ? {} : { extraLines: input.extraLines }),
  });
}

/**
 * The price difference of an installment billed at an outdated credit value (Res. 285 art. 25-A; contract art. 28): per line,
 * the installment valued at the right C minus as it was billed. Billed on a following installment as its
 * `priceDifference` line; negative parts are compensations.
 */
export function priceDifference(atRightValue: InstallmentAmounts, asBilled: InstallmentAmounts): PriceDifference {
  return {
    fc: atRightValue.fc - asBilled.fc,
    af: atRightValue.af - asBilled.af,
    fr: atRightValue.fr - asBilled.fr,
    ins: atRightValue.ins - asBilled.ins,
  };
}

/**
 * The fewest quotas whose first installments fund the draws of assembly 1 (contract arts. 3 and 57 I):
 * `⌈drawsPerAssembly × C_1 / (fc_1 + fr_1)⌉`. G-DEMO: ⌈6 000 000 / 85 326⌉ = 71.
 * @throws ValidationError on `draws_per_assembly` (< 1), `credit_value_centavos` (≤ 0) or `first_installment`
 *   (a negative part, or fc + fr = 0).
 */
export function minimumQuotasToConstitute(input: {
  drawsPerAssembly: number;
  creditValue: bigint;
  firstInstallment: { readonly fc: bigint; readonly fr: bigint };
}): number {
  const { drawsPerAssembly, creditValue, firstInstallment } = input;
  if (!Number.isInteger(drawsPerAssembly) || drawsPerAssembly < 1)
    throw new ValidationError('draws_per_assembly', 'must be a whole number ≥ 1');
  requireCreditValue(creditValue);
  const perQuota = firstInstallment.fc + firstInstallment.fr;
  if (firstInstallment.fc < 0n || firstInstallment.fr < 0n || perQuota === 0n)
    throw new ValidationError('first_installment', 'fc and fr must not be negative and must not both be 0');
  // ⌈a / b⌉ = −⌊−a / b⌋, through the one rounding module.
  return Number(-floorDiv(-(BigInt(drawsPerAssembly) * creditValue), perQuota));
}
