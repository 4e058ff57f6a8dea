/**
 * Exact decimal strings of integer money and percentages: string arithmetic on bigint, never floats. The XLSX
 * renderer turns them into numbers only when it writes the cell. Money and percentages for people (PDF) are
 * formatted by `formatBRL` and `formatPct` of `../money`.
 */

/** `123456n` → `"1234.56"`, `-5n` → `"-0.05"`. */
export function centavosToDecimal(centavos: bigint): string {
  return scaled(centavos, 2);
}

/** pct units (1 = 0.0001 %) as a percentage: `125_000n` → `"12.5000"` (%). */
export function pctToPercent(pct: bigint): string {
  return scaled(pct, 4);
}

/** pct units as a fraction of one: `125_000n` → `"0.125000"` (what a spreadsheet's `%` format expects). */
export function pctToFraction(pct: bigint): string {
  return scaled(pct, 6);
}

/** A count with Brazilian grouping: `12345` → `"12.345"`. */
export function formatInteger(n: number | bigint): string {
  const s = BigInt(n).toString();
  return s.startsWith('-') ? `-${groupThousands(s.slice(1), '.')}` : groupThousands(s, '.');
}

function scaled(value: bigint, digits: number): string {
  const negative = value < 0n;
  const abs = (negative ? -value : value).toString().padStart(digits + 1, '0');
  const int = abs.slice(0, abs.length - digits);
  return `${negative ? '-' : ''}${int}.${abs.slice(abs.length - digits)}`;
}

function groupThousands(digits: string, sep: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}
