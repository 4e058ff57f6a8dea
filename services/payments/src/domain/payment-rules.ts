import { isValidDate } from '@consorcio/shared/clock';
import { RuleViolation, ValidationError } from '@consorcio/shared/errors';
import { formatBRL } from '@consorcio/shared/money';
import { valueInstallment } from './installment-amounts';
import { lateFees } from './late-fees';
import type { InstallmentAmounts, InsuranceTerms, LateFeeRates, LateFees, OpenInstallment } from './types';

/**
 * Recording a payment: a payment settles exactly one installment, always the oldest open one
 * (D-13: no partial payments, so overdue installments stay consecutive), and must equal what that installment is
 * due on the payment date — its total recomputed at the credit value of that date (D-14, contract art. 24) plus the
 * late fees (`lateFees`).
 */

/** What the payment date brings to the valuation: the credit value in force, the record's insurance, the fees. */
export interface PaymentTerms {
  /** C(paymentDate): the credit value in force on the payment date (D-14). */
  readonly creditValue: bigint;
  readonly insurance: InsuranceTerms;
  readonly lateFeeRates: LateFeeRates;
  /** The bank-holiday table that moves due dates. */
  readonly holidays: ReadonlySet<string>;
}

/** What an installment is due on a date, line by line. */
export interface AmountDue {
  readonly period: number;
  /** The installment valued at C(paymentDate): `amounts.total` is the late-fee base. */
  readonly amounts: InstallmentAmounts;
  readonly lateFees: LateFees;
  /** amounts.total + fine + interest. */
  readonly amountDue: bigint;
  /** True when paid on or before the effective due date. */
  readonly onTime: boolean;
}

/**
 * `amountDue(i, d) = total_i(d) + lateFine + lateInterest`: the installment valued at `terms.creditValue`
 * (C of the payment date) with its billed percentages, balance base and extra lines, plus the late fees on that
 * total.
 * @throws ValidationError on `payment_date` or as `valueInstallment` / `lateFees`.
 */
export function amountDue(installment: OpenInstallment, paymentDate: string, terms: PaymentTerms): AmountDue {
  if (!isValidDate(paymentDate)) throw new ValidationError('payment_date', 'must be a valid YYYY-MM-DD date');
  const amounts = valueInstallment({
    pcts: installment.pcts,
    outstandingPct: installment.outstandingPct,
    creditValue: terms.creditValue,
    insurance: terms.insurance,
    extraLines: installment.extraLines,
  });
  const fees = lateFees({
    base: amounts.total,
    dueDate: installment.dueDate,
    paymentDate,
    holidays: terms.holidays,
    rates: terms.lateFeeRates,
  });
  return {
    period: installment.period,
    amounts,
    lateFees: fees,
    amountDue: amounts.total + fees.fees,
    onTime: fees.daysLate === 0,
  };
}

/**
 * The oldest open installment (lowest period): the only one a payment may settle (D-13).
 * @throws ValidationError on `open_installments` (two with the same period); RuleViolation `no_open_installment`.
 */
export function oldestOpenInstallment(openInstallments: readonly OpenInstallment[]): OpenInstallment {
  const periods = new Set(openInstallments.map((i) => i.period));
  if (periods.size !== openInstallments.length)
    throw new ValidationError('open_installments', 'must not hold two installments of the same period');
  let oldest: OpenInstallment | undefined;
  for (const i of openInstallments) if (oldest === undefined || i.period < oldest.period) oldest = i;
  if (oldest === undefined) throw new RuleViolation('no_open_installment', 'the record has no open installment to pay');
  return oldest;
}

/**
 * Checks a payment of `amount` centavos on `paymentDate` against the record's open installments and answers what it
 * settles: the oldest open installment, with its amounts at C(paymentDate) and its late fees. When the payment names
 * an installment (`period`, e.g. from its boleto), that must be the oldest open one.
 * @throws ValidationError on `amount_centavos` (≤ 0) or `payment_date`; RuleViolation `no_open_installment`,
 *   `not_oldest_open_installment` (naming both periods) or `amount_mismatch` (naming the expected and the received
 *   amounts).
 */
export function settlePayment(input: {
  openInstallments: readonly OpenInstallment[];
  amount: bigint;
  paymentDate: string;
  terms: PaymentTerms;
  period?: number;
}): AmountDue {
  const { amount, paymentDate } = input;
  if (amount <= 0n) throw new ValidationError('amount_centavos', 'must be > 0');
  if (!isValidDate(paymentDate)) throw new ValidationError('payment_date', 'must be a valid YYYY-MM-DD date');
  const oldest = oldestOpenInstallment(input.openInstallments);
  if (input.period !== undefined && input.period !== oldest.period)
    throw new RuleViolation(
      'not_oldest_open_installment',
      `a payment settles the oldest open installment (period ${oldest.period}), not period ${input.period}`,
    );
  const due = amountDue(oldest, paymentDate, input.terms);
  if (amount !== due.amountDue)
    throw new RuleViolation(
      'amount_mismatch',
      `installment of period ${oldest.period} paid on ${paymentDate}: expected ${due.amountDue} centavos ` +
        `(${formatBRL(due.amountDue)}), received ${amount} centavos (${formatBRL(amount)})`,
    );
  return due;
}
