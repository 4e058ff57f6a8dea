import { RuleViolation, ValidationError } from '@consorcio/shared/errors';
import { PCT_SCALE, roundHalfUp } from '@consorcio/shared/money';

/**
 * The annual credit value adjustment (domain §10): at periods p = 12m + 1 (each anniversary of the constitution) the
 * credit value becomes `roundHalfUp(C_{p−1} × (1 000 000 + idx), 1 000 000)`, idx the index's accumulated variation
 * over the 12 months before, in pct units (4 decimals), negative too.
 */

/** True when period p is an adjustment period: 13, 25, 37, … */
export function isAdjustmentPeriod(period: number): boolean {
  return Number.isInteger(period) && period > 1 && (period - 1) % 12 === 0;
}

/**
 * The adjusted credit value. G-DEMO with IPCA 4.5678 %: 6 000 000 → 6 274 068.
 * @throws ValidationError on a credit value ≤ 0 or a variation of −100 % or less.
 */
export function adjustedCreditValue(creditValue: bigint, indexVariationPct: bigint): bigint {
  if (creditValue <= 0n) throw new ValidationError('credit_value_centavos', 'must be > 0');
  if (indexVariationPct <= -PCT_SCALE) throw new ValidationError('index_variation_pct', 'must be more than −100 %');
  return roundHalfUp(creditValue * (PCT_SCALE + indexVariationPct), PCT_SCALE);
}

/**
 * An index value takes effect only when a second operator confirms it (maker-checker).
 * @throws RuleViolation `same_operator` when the confirming operator entered it.
 */
export function checkIndexConfirmation(input: { enteredBy: string; confirmedBy: string }): void {
  if (input.enteredBy === input.confirmedBy)
    throw new RuleViolation(
      'same_operator',
      'the operator who entered the index value cannot confirm it (maker-checker)',
    );
}
