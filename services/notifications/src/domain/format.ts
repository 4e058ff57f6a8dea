import { ValidationError } from '@consorcio/shared/errors';

/** A business date `YYYY-MM-DD` as Brazilians write it, `dd/mm/aaaa`. */
export function formatDateBR(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new ValidationError('date', `must be YYYY-MM-DD, got ${JSON.stringify(date)}`);
  return `${m[3]}/${m[2]}/${m[1]}`;
}
