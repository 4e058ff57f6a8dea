import { ValidationError } from '../errors';
import { applyPct, PCT_SCALE } from '../money';

/**
 * Refunds to excluded members (domain.md §11; Law art. 30; contract arts. 53–55): the common-fund percentage the
 * record paid, valued at the credit value of the assembly that awards the refund, less the exclusion penalty that
 * stays in the common fund (D-04). Not refunded: admin fee, upfront fee, insurance, late fees, collection costs;
 * the reserve-fund share comes at closing (§14 step d). From the award until it is paid the net refund is a bucket
 * of the monthly income allocation (§12), so the amount paid (E13) is the record's REFUNDS_PAYABLE balance.
 */

/** The refund of an excluded record. */
export interface RefundAmounts {
  /** applyPct(C_award, fcPaidPct). */
  readonly gross: bigint;
  /** applyPct(gross, exclusionPenaltyPct): stays in the common fund. */
  readonly penalty: bigint;
  /** gross − penalty: what the record is awarded (E12). */
  readonly net: bigint;
}

/**
 * The refund of an excluded record awarded when the credit value is `creditValue` (C of the awarding assembly, or
 * C_T at closing): gross = applyPct(C, fcPaidPct), penalty = applyPct(gross, exclusionPenaltyPct), net = gross −
 * penalty. Example: fcPaidPct 30.5536 % at C = 6 274 068 → gross 1 916 954, penalty 191 695, net 1 725 259.
 * @throws ValidationError when C ≤ 0 or a percentage is outside 0..100 %.
 */
export function excludedRefund(input: {
  creditValue: bigint;
  fcPaidPct: bigint;
  exclusionPenaltyPct: bigint;
}): RefundAmounts {
  if (input.creditValue <= 0n) throw new ValidationError('creditValue', `must be > 0 (got ${input.creditValue})`);
  requirePct('fcPaidPct', input.fcPaidPct);
  requirePct('exclusionPenaltyPct', input.exclusionPenaltyPct);
  const gross = applyPct(input.creditValue, input.fcPaidPct);
  const penalty = applyPct(gross, input.exclusionPenaltyPct);
  return { gross, penalty, net: gross - penalty };
}

function requirePct(field: string, x: bigint): void {
  if (x < 0n || x > PCT_SCALE) throw new ValidationError(field, `must be between 0 and ${PCT_SCALE} (got ${x})`);
}
