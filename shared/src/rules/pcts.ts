/** A percentage per component of an obligation (common fund, admin fee, reserve fund), in pct units. */
export interface Pcts3 {
  readonly fc: bigint;
  readonly af: bigint;
  readonly fr: bigint;
}
