import { applyPct } from '@consorcio/shared/money';
import { requireCentavos, requirePct } from './ledger-records';

export { excludedRefund, type RefundAmounts } from '@consorcio/shared/rules';

/**
 * What a record never contemplated and never excluded receives at closing (§11 last paragraph, §14 step b):
 * applyPct(C_T, fcPaidPct), without penalty.
 * @throws ValidationError when C_T ≤ 0 or fcPaidPct is outside 0..100 %.
 */
export function closingFcReturn(input: { creditValue: bigint; fcPaidPct: bigint }): bigint {
  requireCentavos('creditValue', input.creditValue, 'positive');
  requirePct('fcPaidPct', input.fcPaidPct);
  return applyPct(input.creditValue, input.fcPaidPct);
}
