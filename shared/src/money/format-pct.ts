import { ValidationError } from '../errors';

/** Pct units per whole percent (1n = 0.0001 %). */
const UNITS_PER_PERCENT = 10_000n;
const PCT_PATTERN = /^([+-])?(\d+)(?:\.(\d{1,4}))?\s*%?$/;

/** Formats pct units as a percentage with exactly 4 decimals: 16666n → "1.6666%", -5000n → "-0.5000%". */
export function formatPct(pct: bigint): string {
  const abs = pct < 0n ? -pct : pct;
  const frac = (abs % UNITS_PER_PERCENT).toString().padStart(4, '0');
  return `${pct < 0n ? '-' : ''}${abs / UNITS_PER_PERCENT}.${frac}%`;
}

/**
 * Parses "1.6666%" (the "%" and up to 4 decimals optional) into pct units. More than 4 decimals is an
 * error rather than a silent rounding. Throws ValidationError on anything else.
 */
export function parsePct(text: string, field = 'pct'): bigint {
  const m = PCT_PATTERN.exec(text.trim());
  if (!m) throw new ValidationError(field, 'must be a percentage with at most 4 decimals, like "1.6666%"');
  const units = BigInt(m[2] as string) * UNITS_PER_PERCENT + BigInt((m[3] ?? '').padEnd(4, '0'));
  return m[1] === '-' ? -units : units;
}
