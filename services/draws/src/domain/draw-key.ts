import { ValidationError } from '@consorcio/shared/errors';

/**
 * The lottery result's draw key and the search sequence (domain §6.3, D-15): only prize 1 is used. With `k` the
 * number of decimal digits of N, `raw = prize1 mod 10^k` (0 means the top of the range, 10^k) and
 * `key = ((raw − 1) mod N) + 1`. The sequence is key, key+1, key−1, key+2, key−2, … skipping numbers outside 1..N,
 * so it visits every seat number exactly once. One key and sequence serve draws, excluded draws, bid tie-breaks
 * and extra draws.
 */
export interface DrawKey {
  /** k: decimal digits of N. */
  readonly digits: number;
  readonly raw: number;
  readonly key: number;
}

/** Seats of a group: 1..N. */
export const MAX_SEATS = 99_999;
/** A Loteria Federal prize: five digits, 0..99999 (six allowed for safety). */
export const MAX_PRIZE = 999_999;

function requireSeats(n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > MAX_SEATS)
    throw new ValidationError('max_quotas', `must be a whole number between 1 and ${MAX_SEATS}`);
}

/**
 * The draw key of `prize1` for N seats. G-DEMO: prize 83417, N = 300 → k 3, raw 417, key 117; prize 52300 → raw 300
 * (000 is the top), key 300.
 * @throws ValidationError on `prize1` or `max_quotas`.
 */
export function drawKey(prize1: number, n: number): DrawKey {
  requireSeats(n);
  if (!Number.isInteger(prize1) || prize1 < 0 || prize1 > MAX_PRIZE)
    throw new ValidationError('prize1', `must be a whole number between 0 and ${MAX_PRIZE}`);
  const digits = String(n).length;
  const top = 10 ** digits;
  const raw = prize1 % top === 0 ? top : prize1 % top;
  return { digits, raw, key: ((raw - 1) % n) + 1 };
}

/** S: key, key+1, key−1, key+2, key−2, …, numbers outside 1..N skipped; every number 1..N exactly once. */
export function searchSequence(key: number, n: number): number[] {
  requireSeats(n);
  if (!Number.isInteger(key) || key < 1 || key > n) throw new ValidationError('key', `must be between 1 and ${n}`);
  const s = [key];
  for (let d = 1; s.length < n; d++) {
    if (key + d <= n) s.push(key + d);
    if (key - d >= 1) s.push(key - d);
  }
  return s;
}

/** position(q): the index of each number in S (the key is 0). */
export function positions(sequence: readonly number[]): Map<number, number> {
  return new Map(sequence.map((q, i) => [q, i]));
}
