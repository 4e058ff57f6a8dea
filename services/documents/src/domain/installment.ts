import { applyPct, PCT_SCALE } from '@consorcio/shared/money';

/** The plan terms an adhesion contract states (domain §2.1, §4.1). Money in centavos, percentages in pct units. */
export interface PlanTerms {
  creditValue: bigint;
  termMonths: number;
  adminFeeTotalPct: bigint;
  adminFeeUpfrontPct: bigint;
  reserveFundTotalPct: bigint;
  /** The period the record starts paying in (a late joiner pays over the periods left). */
  enrolledAtPeriod: number;
}

/** The regular installment of a new record (insurance aside), and what it is made of. */
export interface RegularInstallment {
  installments: number;
  fcPct: bigint;
  afPct: bigint;
  frPct: bigint;
  amount: bigint;
  upfrontFee: bigint;
}

/**
 * The regular installment the contract announces: each component's total spread over the installments left,
 * truncated to the pct unit (the last installment absorbs the residue, D-10), each component valued at C half-up
 * (D-11). The amounts payments bills remain the reference (they follow C's adjustments and amortizations).
 */
export function regularInstallment(t: PlanTerms): RegularInstallment {
  const installments = Math.max(1, t.termMonths - Math.max(0, t.enrolledAtPeriod - 1));
  const n = BigInt(installments);
  const fcPct = PCT_SCALE / n;
  const afPct = (t.adminFeeTotalPct - t.adminFeeUpfrontPct) / n;
  const frPct = t.reserveFundTotalPct / n;
  const amount = applyPct(t.creditValue, fcPct) + applyPct(t.creditValue, afPct) + applyPct(t.creditValue, frPct);
  return { installments, fcPct, afPct, frPct, amount, upfrontFee: applyPct(t.creditValue, t.adminFeeUpfrontPct) };
}
