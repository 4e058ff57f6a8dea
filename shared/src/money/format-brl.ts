import { ValidationError } from '../errors';

const DECIMAL_PATTERN = /^([+-])?(\d+)(?:\.(\d{1,2}))?$/;
// "R$ 1.234,56", "-R$ 1.234,56", "1234,5", "R$1.234": thousands dots either all present or absent.
const BRL_PATTERN = /^(-)?\s*(?:R\$)?\s*(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?$/;

/** Formats centavos as Brazilian reais: 123456n → "R$ 1.234,56", -123456n → "-R$ 1.234,56". */
export function formatBRL(centavos: bigint): string {
  const abs = centavos < 0n ? -centavos : centavos;
  const reais = (abs / 100n).toString().replace(/\B(?=(\d{3})+$)/g, '.');
  const cents = (abs % 100n).toString().padStart(2, '0');
  return `${centavos < 0n ? '-' : ''}R$ ${reais},${cents}`;
}

function toCentavos(sign: string | undefined, whole: string, frac: string | undefined): bigint {
  const v = BigInt(whole) * 100n + BigInt((frac ?? '').padEnd(2, '0'));
  return sign === '-' ? -v : v;
}

/** Parses a dot-decimal amount ("1234.56", "-10", "0.5") into centavos; more than 2 decimals is an error. */
export function parseCentavos(text: string, field = 'amount'): bigint {
  const m = DECIMAL_PATTERN.exec(text.trim());
  if (!m) throw new ValidationError(field, 'must be a decimal amount with at most 2 decimals, like "1234.56"');
  return toCentavos(m[1], m[2] as string, m[3]);
}

/** Parses a Brazilian-format amount ("R$ 1.234,56", "-R$ 0,50", "1234,5") into centavos. */
export function parseBRL(text: string, field = 'amount'): bigint {
  // Intl formats BRL with a no-break space; accept it like a plain one.
  const m = BRL_PATTERN.exec(text.replace(/\u00a0/g, ' ').trim());
  if (!m) throw new ValidationError(field, 'must be an amount in reais, like "R$ 1.234,56"');
  return toCentavos(m[1], (m[2] as string).replace(/\./g, ''), m[3]);
}
