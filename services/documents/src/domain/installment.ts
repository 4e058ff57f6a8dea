import { enrollmentSchedule, installmentPcts, upfrontAdminFee, valuePcts } from '@consorcio/shared/rules';

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
 * The installment the contract announces: the record's first installment exactly as payments bills it at
 * enrollment — the shared `enrollmentSchedule` (the plan spread over the installments left, truncated to the pct
 * unit, the last absorbing the residue, D-10) valued at C by `valuePcts` (each component half-up, D-11) — and the
 * upfront admin fee. Payments' later installments follow C's adjustments and amortizations.
 * @throws as `enrollmentSchedule` (a term outside 6..240, or no installment left for the enrolment period).
 */
export function regularInstallment(t: PlanTerms): RegularInstallment {
  const schedule = enrollmentSchedule({
    rates: t,
    termMonths: t.termMonths,
    assembliesHeld: Math.max(0, t.enrolledAtPeriod - 1),
  });
  const pcts = installmentPcts(schedule, 1);
  const value = valuePcts(t.creditValue, pcts);
  return {
    installments: schedule.count,
    fcPct: pcts.fc,
    afPct: pcts.af,
    frPct: pcts.fr,
    amount: value.fc + value.af + value.fr,
    upfrontFee: upfrontAdminFee(t.creditValue, t.adminFeeUpfrontPct),
  };
}
