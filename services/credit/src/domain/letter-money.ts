import { RuleViolation, ValidationError } from '@consorcio/shared/errors';
import { applyPct, PCT_SCALE, roundHalfUp } from '@consorcio/shared/money';

/**
 * The money of a credit letter (domain §9): the amount issued, what analysis checks, what a release may take, when a
 * cash-out is allowed, and the conversion of a cancelled contemplation. Bigint centavos, pct units.
 */

/**
 * §9.1: `creditAmount = C_p − E` (E the embedded part, 0 for draws), fixed in centavos from then on.
 * @throws ValidationError on a credit value ≤ 0 or an embedded part outside 0..C_p − 1.
 */
export function creditAmount(creditValue: bigint, embedded: bigint): bigint {
  if (creditValue <= 0n) throw new ValidationError('credit_value_centavos', 'must be > 0');
  if (embedded < 0n || embedded >= creditValue)
    throw new ValidationError('embedded_centavos', 'must be ≥ 0 and less than the credit value');
  return creditValue - embedded;
}

/**
 * §9.4 payment capacity (D-06): the next installment must be at most `maxIncomeCommitmentPct` of the proven monthly
 * income. Returns the most the installment may be.
 * @throws RuleViolation `insufficient_income` naming both amounts; ValidationError on a non-positive income.
 */
export function checkPaymentCapacity(input: {
  installment: bigint;
  provenMonthlyIncome: bigint;
  maxIncomeCommitmentPct: bigint;
}): bigint {
  if (input.provenMonthlyIncome <= 0n) throw new ValidationError('proven_monthly_income_centavos', 'must be > 0');
  const limit = applyPct(input.provenMonthlyIncome, input.maxIncomeCommitmentPct);
  if (input.installment > limit)
    throw new RuleViolation(
      'insufficient_income',
      `the installment of ${input.installment} centavos exceeds ${limit} centavos, ` +
        `${input.maxIncomeCommitmentPct} pct units of the proven income ${input.provenMonthlyIncome}`,
    );
  return limit;
}

/**
 * §9.4 guarantee coverage (D-06): the appraised value of the guarantees must be at least `minGuaranteeCoveragePct`
 * of the record's outstanding balance; otherwise complementary guarantees are needed (contract art. 46). Returns
 * the coverage required.
 * @throws RuleViolation `insufficient_guarantee` naming the shortfall.
 */
export function checkGuaranteeCoverage(input: {
  appraisedValue: bigint;
  outstandingBalance: bigint;
  minGuaranteeCoveragePct: bigint;
}): bigint {
  if (input.appraisedValue < 0n) throw new ValidationError('appraised_value_centavos', 'must be ≥ 0');
  const required = applyPct(input.outstandingBalance, input.minGuaranteeCoveragePct);
  if (input.appraisedValue < required)
    throw new RuleViolation(
      'insufficient_guarantee',
      `guarantees appraised at ${input.appraisedValue} centavos cover less than the ${required} required: ` +
        `${required - input.appraisedValue} centavos of complementary guarantees are needed`,
    );
  return required;
}

/** §9.4: at most 5 % of the credit may be withheld for a real-estate guarantee's registry costs. */
export const MAX_REGISTRY_WITHHOLDING_PCT = 50_000n;
/** §9.5 (a): costs tied to the asset, up to 10 % of the letter's credit. */
export const MAX_ASSET_COSTS_PCT = 100_000n;

/**
 * A release from a letter (§9.2, §9.5): to the seller (whole or a construction tranche), or the asset's own costs.
 * The amount must be > 0 and at most the balance; asset costs at most 10 % of the credit in all.
 * @returns the balance after it and whether it leaves nothing (the letter is then RELEASED).
 * @throws ValidationError on the amount; RuleViolation `exceeds_letter_balance` or `asset_costs_cap`.
 */
export function release(input: {
  balance: bigint;
  amount: bigint;
  creditAmount: bigint;
  kind: 'SELLER' | 'ASSET_COSTS' | 'CASH';
  assetCostsSoFar?: bigint;
}): { balanceAfter: bigint; complete: boolean } {
  if (input.amount <= 0n) throw new ValidationError('amount_centavos', 'must be > 0');
  if (input.amount > input.balance)
    throw new RuleViolation(
      'exceeds_letter_balance',
      `a release of ${input.amount} centavos exceeds the letter's balance of ${input.balance} centavos`,
    );
  if (input.kind === 'ASSET_COSTS') {
    const cap = applyPct(input.creditAmount, MAX_ASSET_COSTS_PCT);
    const total = (input.assetCostsSoFar ?? 0n) + input.amount;
    if (total > cap)
      throw new RuleViolation('asset_costs_cap', `asset costs of ${total} centavos exceed 10 % of the credit (${cap})`);
  }
  const balanceAfter = input.balance - input.amount;
  return { balanceAfter, complete: balanceAfter === 0n };
}

/**
 * §9.6 cash-out: allowed (a) `creditCashOutDays` days after the contemplation when the record owes nothing more, or
 * (b) after the group's last assembly, net of any overdue amount. Returns what is paid to the member.
 * @throws RuleViolation `cash_out_not_allowed` saying which condition is missing.
 */
export function cashOutAmount(input: {
  balance: bigint;
  daysSinceContemplation: number;
  creditCashOutDays: number;
  outstandingBalance: bigint;
  lastAssemblyHeld: boolean;
  overdueAmount: bigint;
}): bigint {
  if (input.lastAssemblyHeld) {
    const net = input.balance - input.overdueAmount;
    if (net <= 0n) throw new RuleViolation('cash_out_not_allowed', 'the overdue amount takes the whole balance');
    return net;
  }
  if (input.daysSinceContemplation < input.creditCashOutDays)
    throw new RuleViolation(
      'cash_out_not_allowed',
      `${input.daysSinceContemplation} of the ${input.creditCashOutDays} days after the contemplation have passed, ` +
        'and the group has not held its last assembly',
    );
  if (input.outstandingBalance > 0n)
    throw new RuleViolation(
      'cash_out_not_allowed',
      `the record still owes ${input.outstandingBalance} centavos; a cash-out before the last assembly needs none`,
    );
  return input.balance;
}

/**
 * §9.8: when a contemplation is cancelled, the update difference since it is converted to a percentage of the
 * current credit value, `roundHalfUp((C_now − C_contemplation) × 1 000 000, C_now)`, subtracted from the record's
 * fcPaidPct and added to its remaining FC (contract art. 38 §3).
 */
export function cancellationConversionPct(input: {
  creditValueNow: bigint;
  creditValueAtContemplation: bigint;
}): bigint {
  if (input.creditValueNow <= 0n || input.creditValueAtContemplation <= 0n)
    throw new ValidationError('credit_value_centavos', 'must be > 0');
  return roundHalfUp((input.creditValueNow - input.creditValueAtContemplation) * PCT_SCALE, input.creditValueNow);
}
