import { ValidationError } from '@consorcio/shared/errors';
import { addBusinessDays, isValidDate } from '@consorcio/shared/clock';

/**
 * Settling an assembly (domain §6.7): a winning bid's own part is due by the end of the
 * `bidPaymentDeadlineBusinessDays`-th business day after the assembly (or after an alternate's promotion notice).
 */
export function bidPaymentDeadline(fromDate: string, businessDays: number, holidays: ReadonlySet<string>): string {
  if (!isValidDate(fromDate)) throw new ValidationError('assembly_date', 'must be a valid YYYY-MM-DD date');
  if (!Number.isInteger(businessDays) || businessDays < 1 || businessDays > 30)
    throw new ValidationError('bid_payment_deadline_business_days', 'must be a whole number between 1 and 30');
  return addBusinessDays(fromDate, businessDays, holidays);
}

/** An alternate waiting for a defaulted winner's place: its bid and the net cost it would take. */
export interface WaitingAlternate {
  readonly bidId: string;
  readonly netCost: bigint;
}

/** What a default leaves: the funds, the alternate promoted (if any) and those still waiting. */
export interface DefaultSettlement {
  readonly available: bigint;
  readonly promoted: string | null;
  readonly alternates: readonly WaitingAlternate[];
}

/**
 * A winner of the same phase defaulted (D-24): its net cost goes back to the available funds, and the first waiting
 * alternate takes its place if the funds pay its net cost — the phase's stop rule (D-19) applies, so if the first
 * alternate does not fit, no later one overtakes it. One default frees one place: at most one alternate is promoted.
 * G-DEMO assembly 11, quota 40 defaults: 22 878 + 3 595 518 = 3 618 396 < 4 006 646, so 115 is not promoted.
 */
export function settleDefault(input: {
  available: bigint;
  defaultedNetCost: bigint;
  alternates: readonly WaitingAlternate[];
}): DefaultSettlement {
  if (input.defaultedNetCost < 0n) throw new ValidationError('defaulted_net_cost', 'must not be negative');
  const available = input.available + input.defaultedNetCost;
  const [first, ...rest] = input.alternates;
  if (!first || available < first.netCost) return { available, promoted: null, alternates: input.alternates };
  return { available: available - first.netCost, promoted: first.bidId, alternates: rest };
}
