import { ValidationError } from '../errors';
import { floorDiv, floorMod } from './round-half-up';

/** One component of an allocation key; keys are compared component by component. */
export type KeyPart = string | number | bigint;

/** Orders two keys lexicographically: numbers and bigints numerically, strings by code unit, a prefix first. */
export function compareKeys(a: readonly KeyPart[], b: readonly KeyPart[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] as KeyPart;
    const y = b[i] as KeyPart;
    if ((typeof x === 'string') !== (typeof y === 'string')) {
      throw new ValidationError(`keys[${i}]`, 'must have the same kind (string or number) at each position');
    }
    if (x < y) return -1;
    if (x > y) return 1;
  }
  return a.length - b.length;
}

/**
 * Splits `total` centavos in proportion to `weights` by largest remainder: each entry gets
 * ⌊total·wᵢ/W⌋, then the centavos left over go one each to the entries with the largest
 * remainder (total·wᵢ mod W), ties broken by ascending key. The result sums to `total` exactly
 * and each share is within one centavo of the exact quotient; `keys` make it deterministic
 * whatever order the caller listed the entries in.
 */
export function allocate(total: bigint, weights: readonly bigint[], keys: readonly (readonly KeyPart[])[]): bigint[] {
  if (weights.length === 0) throw new ValidationError('weights', 'must not be empty');
  if (keys.length !== weights.length) throw new ValidationError('keys', 'must have one key per weight');
  let sumW = 0n;
  for (const w of weights) {
    if (w < 0n) throw new ValidationError('weights', 'must be >= 0');
    sumW += w;
  }
  if (sumW === 0n) throw new ValidationError('weights', 'must not sum to 0');

  const shares = weights.map((w) => floorDiv(total * w, sumW));
  const rems = weights.map((w) => floorMod(total * w, sumW));
  let left = total - shares.reduce((s, x) => s + x, 0n);
  if (left === 0n) return shares;

  const order = weights.map((_, i) => i);
  order.sort((i, j) => {
    const ri = rems[i] as bigint;
    const rj = rems[j] as bigint;
    if (ri !== rj) return ri > rj ? -1 : 1;
    return compareKeys(keys[i] as readonly KeyPart[], keys[j] as readonly KeyPart[]);
  });
  // 0 <= left < weights.length, because Σ rem < n·W and left·W = Σ rem.
  for (const i of order) {
    if (left === 0n) break;
    shares[i] = (shares[i] as bigint) + 1n;
    left -= 1n;
  }
  return shares;
}

/** The three parts of an installment payment: fundo comum, taxa de administração, fundo de reserva. */
export interface Split3 {
  fc: bigint;
  af: bigint;
  fr: bigint;
}

/**
 * Splits a payment `x` (>= 0) in proportion to the three rates (any common scale, R = fcR + afR + frR):
 * af and fr are floored and fc takes the rest, so the parts always sum to x and the fund never
 * receives less than its share.
 */
export function split3(x: bigint, fcR: bigint, afR: bigint, frR: bigint): Split3 {
  if (x < 0n) throw new ValidationError('x', 'must be >= 0');
  if (fcR < 0n || afR < 0n || frR < 0n) throw new ValidationError('rates', 'must be >= 0');
  const r = fcR + afR + frR;
  if (r === 0n) throw new ValidationError('rates', 'must not sum to 0');
  const af = (x * afR) / r;
  const fr = (x * frR) / r;
  return { fc: x - af - fr, af, fr };
}
