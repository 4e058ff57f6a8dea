import type { AssemblyInput, SealedBid } from '../../../src/domain';

/** G-DEMO's remaining percentages after installment 11 (§6.9): 61 installments left. */
export const REMAINING_AFTER_11 = { fc: 847_232n, af: 152_500n, fr: 20_337n };

export const bid = (over: Partial<SealedBid> & Pick<SealedBid, 'number' | 'bidPct'>): SealedBid => ({
  bidId: `bid-${over.number}-${over.mode ?? 'FREE'}`,
  mode: 'FREE',
  embeddedPct: 0n,
  amortizationMode: 'REDUCE_TERM',
  remaining: REMAINING_AFTER_11,
  ...over,
});

/** G-DEMO assembly 11 (§6.9): every seat but 117 (delinquent) eligible. */
export function assembly11(over: Partial<AssemblyInput> = {}): AssemblyInput {
  return {
    maxQuotas: 300,
    creditValue: 6_000_000n,
    commonFund: 14_300_000n,
    reserveFund: 900_000n,
    drawsPerAssembly: 1,
    excludedDrawsPerAssembly: 1,
    fixedBidSlotsPerAssembly: 0,
    maxBidContemplationsPerAssembly: 0,
    extraDrawsWhenFundsRemain: true,
    alternatesCount: 1,
    exclusionPenaltyPct: 100_000n,
    prize1: 83_417,
    eligible: Array.from({ length: 300 }, (_, i) => i + 1).filter((q) => q !== 117),
    excludedCandidates: [{ number: 120, version: 1, fcPaidPct: 124_992n }],
    bids: [
      bid({ number: 40, bidPct: 482_500n }),
      bid({ number: 119, bidPct: 400_000n }),
      bid({ number: 115, bidPct: 400_000n, embeddedPct: 250_000n }),
    ],
    ...over,
  };
}
