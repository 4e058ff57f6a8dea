import { ValidationError } from '../errors';

/** Percentages are bigint "pct units": 1n = 0.0001 %, so PCT_SCALE (100 %) = 1_000_000n. */
export const PCT_SCALE = 1_000_000n;

function requirePositive(d: bigint, field: string): void {
  if (d <= 0n) throw new ValidationError(field, 'must be > 0');
}

/**
 * n / d rounded to the nearest integer, halves away from zero, so the result is symmetric:
 * roundHalfUp(-n, d) === -roundHalfUp(n, d). Throws ValidationError when d <= 0.
 */
export function roundHalfUp(n: bigint, d: bigint): bigint {
  requirePositive(d, 'd');
  // bigint division truncates toward zero, which is floor for the non-negative operands used here.
  return n >= 0n ? (2n * n + d) / (2n * d) : -((2n * -n + d) / (2n * d));
}

/** The `pct` share of `amount` (pct in pct units), rounded half away from zero to whole centavos. */
export function applyPct(amount: bigint, pct: bigint): bigint {
  return roundHalfUp(amount * pct, PCT_SCALE);
}

/** ⌊n / d⌋, a true floor for negative n too (bigint `/` truncates toward zero). Throws when d <= 0. */
export function floorDiv(n: bigint, d: bigint): bigint {
  requirePositive(d, 'd');
  const q = n / d;
  return n < 0n && q * d !== n ? q - 1n : q;
}

/** n mod d in [0, d): the remainder that pairs with floorDiv. Throws when d <= 0. */
export function floorMod(n: bigint, d: bigint): bigint {
  return n - floorDiv(n, d) * d;
}
