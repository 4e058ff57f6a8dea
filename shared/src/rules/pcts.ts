/** A percentage per component of an obligation (common fund, admin fee, reserve fund), in pct units. */
export interface Pcts3 {
  readonly fc: bigint;
  readonly af: bigint;
  readonly fr: bigint;
}

/** How an amortization (a winning bid, a prepayment) reshapes what remains (domain §8, contract art. 36). */
export type AmortizationMode = 'REDUCE_TERM' | 'REDUCE_INSTALLMENT';

/** Every amortization mode. */
export const AMORTIZATION_MODES: readonly AmortizationMode[] = ['REDUCE_TERM', 'REDUCE_INSTALLMENT'];
