/**
 * How a quota record is shown to people and in files: its seat number zero-padded, a dash, its version
 * (`"0528-2"`). One rule for every service:
 *  - the seat is padded to the digits of the group's size (`max_quotas`) when the caller knows it: seat 7 of a
 *    300-seat group is `"007"`, of a 9-seat group `"7"`;
 *  - a caller that does not know the group's size pads to {@link DEFAULT_SEAT_DIGITS} (4), which is the group's own
 *    label for every group of 1 000 to 9 999 seats;
 *  - the version is never padded; a number wider than the padding is shown whole.
 * Pure.
 */

/** The digits a seat is padded to when the group's size is not known. */
export const DEFAULT_SEAT_DIGITS = 4;

function seatDigits(maxQuotas: number | undefined): number {
  return maxQuotas === undefined ? DEFAULT_SEAT_DIGITS : String(Math.max(Math.trunc(maxQuotas), 1)).length;
}

/**
 * A seat number as the group shows it: `seatLabel(42, 1000)` → `"0042"`, `seatLabel(7, 300)` → `"007"`; without the
 * group's size, padded to 4 digits: `seatLabel(42)` → `"0042"`.
 */
export function seatLabel(number: number, maxQuotas?: number): string {
  return String(number).padStart(seatDigits(maxQuotas), '0');
}

/**
 * A quota record as the group shows it, seat and version: `quotaLabel(528, 2, 1000)` → `"0528-2"`,
 * `quotaLabel(7, 1, 300)` → `"007-1"`; without the group's size the seat is padded to 4 digits:
 * `quotaLabel(7, 1)` → `"0007-1"`.
 */
export function quotaLabel(number: number, version: number, maxQuotas?: number): string {
  return `${seatLabel(number, maxQuotas)}-${version}`;
}

const LABEL = /^(\d+)-(\d+)$/;

/** The inverse of quotaLabel: `"0528-2"` → `{ number: 528, version: 2 }`; null when the text is not a label. */
export function parseQuotaLabel(label: string): { number: number; version: number } | null {
  const m = LABEL.exec(label);
  if (!m) return null;
  return { number: Number(m[1]), version: Number(m[2]) };
}
