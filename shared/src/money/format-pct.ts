import { ValidationError } from '../errors';

/** Pct units per whole percent (1n = 0.0001 %). */
const UNITS_PER_PERCENT = 10_000n;
const PCT_PATTERN = /^([+-])?(\d+)(?:[.,](\d{1,4}))?\s*%?$/;

function percentDigits(pct: bigint): { sign: string; whole: string; frac: string } {
  const abs = pct < 0n ? -pct : pct;
  return {
    sign: pct < 0n ? '-' : '',
    whole: (abs / UNITS_PER_PERCENT).toString(),
    frac: (abs % UNITS_PER_PERCENT).toString().padStart(4, '0'),
  };
}

/**
 * Formats pct units for people, as Brazilians write a percentage (contracts, minutes, reports, messages): decimal
 * comma, exactly 4 decimals, a space before the sign. 125_000n → "12,5000 %", 16666n → "1,6666 %", -5n → "-0,0005 %".
 */
export function formatPct(pct: bigint): string {
  const { sign, whole, frac } = percentDigits(pct);
  return `${sign}${whole},${frac} %`;
}

/**
 * Formats pct units in dot-decimal notation with exactly 4 decimals, for English diagnostics (validation and rule
 * messages) and other machine-read text: 16666n → "1.6666%", -5000n → "-0.5000%". What parsePct reads back.
 */
export function formatPctDecimal(pct: bigint): string {
  const { sign, whole, frac } = percentDigits(pct);
  return `${sign}${whole}.${frac}%`;
}

/**
 * Parses a percentage with up to 4 decimals into pct units: dot-decimal ("1.6666%", what formatPctDecimal writes) or
 * pt-BR ("1,6666 %", what formatPct writes); the "%" is optional. More than 4 decimals is an error rather than a
 * silent rounding. Throws ValidationError on anything else.
 */
export function parsePct(text: string, field = 'pct'): bigint {
  const m = PCT_PATTERN.exec(text.trim());
  if (!m) throw new ValidationError(field, 'must be a percentage with at most 4 decimals, like "1.6666%"');
  const units = BigInt(m[2] as string) * UNITS_PER_PERCENT + BigInt((m[3] ?? '').padEnd(4, '0'));
  return m[1] === '-' ? -units : units;
}
