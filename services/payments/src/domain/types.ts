/**
 * The vocabulary of the payments domain: the plain records the pure functions of schedules, installment amounts,
 * late fees, payments, delinquency and amortization work on.
 * Money is bigint centavos, percentages bigint pct units (1 = 0.0001 %, 1_000_000n = 100 %), dates `YYYY-MM-DD`.
 */

/** The three components every obligation of a quota is made of: fundo comum, taxa de administração, fundo de reserva. */
export type Component = 'fc' | 'af' | 'fr';

/** Every component, in the order they are shown and split. */
export const COMPONENTS: readonly Component[] = ['fc', 'af', 'fr'];

/** A percentage per component, in pct units (an installment's percentages, a remaining balance, a paid total). */
export interface ComponentPcts {
  /** Common fund (fundo comum). */
  readonly fc: bigint;
  /** Admin fee (taxa de administração). */
  readonly af: bigint;
  /** Reserve fund (fundo de reserva). */
  readonly fr: bigint;
}

/** An amount per component, in centavos. */
export interface ComponentAmounts {
  readonly fc: bigint;
  readonly af: bigint;
  readonly fr: bigint;
}

/** 0 % of every component. */
export const ZERO_PCTS: ComponentPcts = { fc: 0n, af: 0n, fr: 0n };

/** The plan's rates and a record's schedule of percentages: shared with the adhesion contract (documents). */
export type { PlanRates, Schedule } from '@consorcio/shared/rules';

/** A quota record's insurance terms: the group's monthly rate applies only when the record opted in. */
export interface InsuranceTerms {
  readonly optIn: boolean;
  /** The group's `insuranceMonthlyPct`, e.g. 380n (0.0380 % a month). */
  readonly monthlyPct: bigint;
}

/**
 * Differences between an installment valued at the right credit value and as it was billed, per line (Res. 285 art. 25-A); billed
 * on a later installment, positive when the member owes more, negative when it is compensated.
 */
export interface PriceDifference {
  readonly fc: bigint;
  readonly af: bigint;
  readonly fr: bigint;
  readonly ins: bigint;
}

/** No price difference. */
export const NO_PRICE_DIFFERENCE: PriceDifference = { fc: 0n, af: 0n, fr: 0n, ins: 0n };

/** Lines an installment carries besides its own components, in centavos. Signed. */
export interface ExtraLines {
  /** The record's share of the fund revaluation (reajuste de saldo de caixa), negative when it is a discount. */
  readonly fundRevaluation: bigint;
  /** A previous installment's price difference, per component. */
  readonly priceDifference: PriceDifference;
}

/** No extra lines. */
export const NO_EXTRA_LINES: ExtraLines = { fundRevaluation: 0n, priceDifference: NO_PRICE_DIFFERENCE };

/** The amounts of one installment valued at one credit value, in centavos. */
export interface InstallmentAmounts {
  readonly fc: bigint;
  readonly af: bigint;
  readonly fr: bigint;
  /** Insurance premium; 0 when the record did not opt in. */
  readonly ins: bigint;
  /** Outstanding balance before paying this installment, the insurance base (D-12). */
  readonly outstanding: bigint;
  readonly fundRevaluation: bigint;
  readonly priceDifference: PriceDifference;
  /** fc + af + fr + ins + fundRevaluation + every price difference. */
  readonly total: bigint;
}

/** The late-fee rates of a group. */
export interface LateFeeRates {
  /** Fine charged once, ≤ 2 % (CDC art. 52 §1). */
  readonly lateFinePct: bigint;
  /** Simple interest per 30 days, pro rata die. */
  readonly lateInterestMonthlyPct: bigint;
  /** The group's share of fine + interest (D-03: 50 %). */
  readonly lateFeesGroupSharePct: bigint;
}

/** The group defaults: fine 2 %, interest 1 % a month, fees split 50/50 (D-03). */
export const DEFAULT_LATE_FEE_RATES: LateFeeRates = {
  lateFinePct: 20_000n,
  lateInterestMonthlyPct: 10_000n,
  lateFeesGroupSharePct: 500_000n,
};

/** Late fees of one installment paid on one date. */
export interface LateFees {
  /** nextBusinessDay(due date): paying on it is on time. */
  readonly effectiveDue: string;
  /** Calendar days from the effective due date to the payment date, 0 when on time. */
  readonly daysLate: number;
  readonly fine: bigint;
  readonly interest: bigint;
  /** fine + interest. */
  readonly fees: bigint;
  /** The administrator's share, floored. */
  readonly adminShare: bigint;
  /** The group's share: the rest, so it gets the odd centavo (D-03). */
  readonly groupShare: bigint;
}

/**
 * An installment billed and not yet paid, with what it was billed with: its percentages are the obligation, its
 * amounts are recomputed at the credit value of the day it is paid (D-14).
 */
export interface OpenInstallment {
  /** The group period it belongs to. */
  readonly period: number;
  /** Nominal due date `due_p`. */
  readonly dueDate: string;
  /** The installment's percentages. */
  readonly pcts: ComponentPcts;
  /** Σ of the record's percentages from this installment to the end of its schedule: the insurance base (D-12). */
  readonly outstandingPct: bigint;
  readonly extraLines: ExtraLines;
}

export { AMORTIZATION_MODES, type AmortizationMode } from '@consorcio/shared/rules';
