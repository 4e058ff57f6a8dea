import { RuleViolation, ValidationError } from '@consorcio/shared/errors';
import { AMORTIZATION_MODES, type AmortizationMode } from '@consorcio/shared/rules';
import { BID_MODES, type BidMode } from './types';

/** The group's bid parameters (§2.1). */
export interface BidParameters {
  readonly freeBidsEnabled: boolean;
  readonly fixedBidsEnabled: boolean;
  /** The percentage every FIXED bid must be. */
  readonly fixedBidPct: bigint;
  /** The largest embedded part; 0 disables embedded bids. */
  readonly embeddedBidMaxPct: bigint;
}

/** A bid as placed, before the checks. */
export interface BidRequest {
  readonly mode: BidMode | undefined;
  readonly bidPct: bigint;
  readonly embeddedPct: bigint;
  readonly amortizationMode: AmortizationMode | undefined;
}

/** What the checks need to know about the record and the moment. */
export interface BidContext {
  readonly params: BidParameters;
  /** The record's status in the assembly's projection. */
  readonly recordStatus: string;
  /** True when the record is delinquent or owes an installment past its effective due date. */
  readonly delinquent: boolean;
  /** R: the record's remaining FC + AF + FR percentages after the assembly's period. */
  readonly remainingPct: bigint;
  /** The instant of the placement and the bid deadline. */
  readonly now: Date;
  readonly deadline: Date;
}

/**
 * The checks of a bid placement (domain §6.6): shape and the group's modes as INVALID_ARGUMENT (ValidationError, all
 * at once), the record and the time as FAILED_PRECONDITION (RuleViolation). Returns the amortization mode
 * (REDUCE_TERM by default).
 */
export function checkBid(req: BidRequest, ctx: BidContext): { mode: BidMode; amortizationMode: AmortizationMode } {
  const p = ctx.params;
  const violations: { field: string; rule: string }[] = [];
  if (!req.mode || !BID_MODES.includes(req.mode)) violations.push({ field: 'mode', rule: 'must be FREE or FIXED' });
  // Not capped at 100 %: what remains (FC + AF + FR) can be more, and the remaining-balance rule below bounds it.
  if (req.bidPct <= 0n) violations.push({ field: 'bid_pct', rule: 'must be > 0, in pct units (4 decimals)' });
  if (req.embeddedPct < 0n || req.embeddedPct > req.bidPct)
    violations.push({ field: 'embedded_pct', rule: 'must be between 0 and bid_pct' });
  if (req.mode === 'FIXED' && !p.fixedBidsEnabled)
    violations.push({ field: 'mode', rule: 'FIXED bids are not enabled in this group' });
  if (req.mode === 'FREE' && !p.freeBidsEnabled)
    violations.push({ field: 'mode', rule: 'FREE bids are not enabled in this group' });
  if (req.mode === 'FIXED' && p.fixedBidsEnabled && req.bidPct !== p.fixedBidPct)
    violations.push({ field: 'bid_pct', rule: `a FIXED bid must be the group's fixed percentage, ${p.fixedBidPct}` });
  if (req.embeddedPct > 0n && p.embeddedBidMaxPct === 0n)
    violations.push({ field: 'embedded_pct', rule: 'embedded bids are not enabled in this group' });
  else if (req.embeddedPct > p.embeddedBidMaxPct)
    violations.push({ field: 'embedded_pct', rule: `must be at most ${p.embeddedBidMaxPct}` });
  if (req.amortizationMode !== undefined && !AMORTIZATION_MODES.includes(req.amortizationMode))
    violations.push({ field: 'amortization_mode', rule: 'must be REDUCE_TERM or REDUCE_INSTALLMENT' });
  ValidationError.throwIfAny(violations);

  if (ctx.recordStatus !== 'ACTIVE' || ctx.delinquent)
    throw new RuleViolation(
      'record_not_eligible',
      `a ${ctx.delinquent ? 'delinquent' : ctx.recordStatus} record cannot bid: it must be ACTIVE and up to date`,
    );
  if (req.bidPct > ctx.remainingPct)
    throw new RuleViolation(
      'exceeds_remaining_balance',
      `a bid of ${req.bidPct} pct units exceeds the ${ctx.remainingPct} pct units left after this assembly's installment`,
    );
  if (ctx.now.getTime() >= ctx.deadline.getTime())
    throw new RuleViolation('bidding_closed', `bids closed at ${ctx.deadline.toISOString()}`);
  return { mode: req.mode as BidMode, amortizationMode: req.amortizationMode ?? 'REDUCE_TERM' };
}
