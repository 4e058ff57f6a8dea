import type { AmortizationMode, Pcts3 } from '@consorcio/shared/rules';

/** A bid's mode: FREE (any percentage) or FIXED (the group's fixed percentage, its own slots). */
export type BidMode = 'FREE' | 'FIXED';

export const BID_MODES: readonly BidMode[] = ['FREE', 'FIXED'];

/** A sealed bid as the snapshot freezes it: the record's remaining percentages after the assembly's period. */
export interface SealedBid {
  readonly bidId: string;
  /** The seat number (its current record). */
  readonly number: number;
  readonly mode: BidMode;
  readonly bidPct: bigint;
  readonly embeddedPct: bigint;
  readonly amortizationMode: AmortizationMode;
  /** (fc_r, af_r, fr_r): what the record has left to pay after installment p. */
  readonly remaining: Pcts3;
}

/** An excluded record that may be drawn for its refund (§6.5). */
export interface ExcludedCandidate {
  readonly number: number;
  readonly version: number;
  readonly fcPaidPct: bigint;
}

/** How a record was contemplated. */
export type ContemplationType = 'DRAW' | 'FIXED_BID' | 'FREE_BID' | 'EXTRA_DRAW';

/** What happened to a bid at the result. */
export type BidOutcome = 'WON' | 'ALTERNATE' | 'LOST' | 'VOID';
