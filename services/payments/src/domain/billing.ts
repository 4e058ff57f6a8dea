import { RuleViolation } from '@consorcio/shared/errors';
import { valueInstallment } from './installment-amounts';
import { effectiveDueDate } from './late-fees';
import { installmentAtPeriod, installmentPcts, outstandingPctBefore } from './schedule';
import {
  type ExtraLines,
  type InstallmentAmounts,
  type InsuranceTerms,
  NO_EXTRA_LINES,
  type OpenInstallment,
  type Schedule,
} from './types';

/**
 * Billing: the run of period `p` issues one installment per billing record with installments
 * remaining, valued with `C_p`. Installment 1 of a new record is billed at enrollment, with the upfront fee.
 */

/** Quota statuses whose records are billed by the monthly run (the fund revaluation's billing records too). */
export const BILLING_STATUSES = ['ACTIVE', 'DELINQUENT', 'CONTEMPLATED', 'CONTEMPLATED_DELINQUENT'] as const;

/** A status the monthly billing run bills. */
export type BillingStatus = (typeof BILLING_STATUSES)[number];

/** True when a record in `status` is billed by the monthly run (and, with ≥ 1 installment left, shares a fund revaluation). */
export function isBillingStatus(status: string): status is BillingStatus {
  return (BILLING_STATUSES as readonly string[]).includes(status);
}

/** An installment as billed: what stays open until it is paid, and its amounts at the billing C. */
export interface BilledInstallment extends OpenInstallment {
  /** Its position in the record's schedule (1-based). */
  readonly installment: number;
  readonly effectiveDue: string;
  /** The credit value it was billed with (C_p). */
  readonly creditValue: bigint;
  readonly amounts: InstallmentAmounts;
}

/**
 * Bills the record's installment of `period` at `creditValue` (C_p), due on `dueDate` (due_p), with its extra lines.
 * @throws RuleViolation `no_installment_in_period` when the schedule has no installment in that period; ValidationError
 *   as `valueInstallment` or on `due_date`.
 */
export function billInstallment(input: {
  schedule: Schedule;
  period: number;
  dueDate: string;
  holidays: ReadonlySet<string>;
  creditValue: bigint;
  insurance: InsuranceTerms;
  extraLines?: ExtraLines;
}): BilledInstallment {
  const { schedule, period } = input;
  const installment = installmentAtPeriod(schedule, period);
  if (installment === null)
    throw new RuleViolation(
      'no_installment_in_period',
      `the record's schedule covers periods ${schedule.firstPeriod}..${schedule.firstPeriod + schedule.count - 1}, ` +
        `not ${period}`,
    );
  const pcts = installmentPcts(schedule, installment);
  const outstandingPct = outstandingPctBefore(schedule, installment);
  const extraLines = input.extraLines ?? NO_EXTRA_LINES;
  const effectiveDue = effectiveDueDate(input.dueDate, input.holidays);
  const amounts = valueInstallment({
    pcts,
    outstandingPct,
    creditValue: input.creditValue,
    insurance: input.insurance,
    extraLines,
  });
  return {
    period,
    installment,
    dueDate: input.dueDate,
    effectiveDue,
    pcts,
    outstandingPct,
    extraLines,
    creditValue: input.creditValue,
    amounts,
  };
}
