import type { GroupParameters } from '@consorcio/shared/gen/consorcio/groups/v1/groups';
import { ValidationError } from '@consorcio/shared/errors';
import type { PaymentsGroup } from '../db/groups-repo';

/**
 * The money parameters of a group from groups' event (which fills in every default), checked: an event without
 * them is refused (parked), never projected with guesses.
 */
export function groupFromParameters(
  id: string,
  code: string,
  status: string,
  p: GroupParameters | undefined,
): Omit<PaymentsGroup, 'constitutedOn'> & { creditValue: bigint } {
  const need = <T>(field: string, v: T | undefined): T => {
    if (v === undefined) throw new ValidationError(`parameters.${field}`, 'is required in the event');
    return v;
  };
  if (!p) throw new ValidationError('parameters', 'is required in the event');
  return {
    id,
    code,
    status,
    maxQuotas: p.maxQuotas,
    termMonths: p.termMonths,
    creditValue: p.creditValueCentavos,
    rates: {
      adminFeeTotalPct: need('admin_fee_total_pct', p.adminFeeTotalPct),
      adminFeeUpfrontPct: p.adminFeeUpfrontPct ?? 0n,
      reserveFundTotalPct: need('reserve_fund_total_pct', p.reserveFundTotalPct),
    },
    insuranceMonthlyPct: p.insuranceMonthlyPct ?? 0n,
    lateFeeRates: {
      lateFinePct: need('late_fine_pct', p.lateFinePct),
      lateInterestMonthlyPct: need('late_interest_monthly_pct', p.lateInterestMonthlyPct),
      lateFeesGroupSharePct: need('late_fees_group_share_pct', p.lateFeesGroupSharePct),
    },
    exclusionThreshold: need('exclusion_threshold', p.exclusionThreshold),
    exclusionPenaltyPct: need('exclusion_penalty_pct', p.exclusionPenaltyPct),
    dueDay: need('due_day', p.dueDay),
  };
}
