/**
 * The consórcio formulas more than one service computes, so they exist once: the money of a bid (draws ranks bids
 * by its net cost, payments posts it) and the refund of an excluded record (draws awards it at an excluded draw,
 * payments books it), and the group calendar (payments bills on it, draws holds its assemblies on it, a simulation
 * follows it), a record's plan of installments (payments bills it, the adhesion contract states it) and how a
 * quota record is labelled (groups, payments, documents and notifications show it). Pure functions; money in bigint
 * centavos, percentages in pct units.
 */
export { bidMoney, type BidMoney } from './bid-money';
export { excludedRefund, type RefundAmounts } from './excluded-refund';
export { AMORTIZATION_MODES, type AmortizationMode, type Pcts3 } from './pcts';
export { periodDueDate } from './calendar';
export { assemblyDates, type AssemblyDates } from './assembly-calendar';
export { DEFAULT_SEAT_DIGITS, parseQuotaLabel, quotaLabel, seatLabel } from './quota-label';
export {
  MAX_TERM_MONTHS,
  MIN_TERM_MONTHS,
  buildSchedule,
  enrollmentSchedule,
  installmentPcts,
  planTotals,
  upfrontAdminFee,
  valuePcts,
  type PlanRates,
  type Schedule,
} from './installment-plan';
