import { ValidationError } from '@consorcio/shared/errors';

/** A quota record as members know it: seat and version, `"0528-2"`. */
export function quotaLabel(number: number, version: number): string {
  return `${String(number).padStart(4, '0')}-${version}`;
}

/** A seat number as the minutes show it, `"0528"`. */
export function seatLabel(number: number): string {
  return String(number).padStart(4, '0');
}

/** A business date `YYYY-MM-DD` as Brazilians write it, `dd/mm/aaaa`. */
export function formatDateBR(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new ValidationError('date', `must be YYYY-MM-DD, got ${JSON.stringify(date)}`);
  return `${m[3]}/${m[2]}/${m[1]}`;
}
