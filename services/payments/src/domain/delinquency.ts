import { addDays, isValidDate } from '@consorcio/shared/clock';
import { ValidationError } from '@consorcio/shared/errors';
import { effectiveDueDate } from './late-fees';
import type { OpenInstallment } from './types';

/**
 * Delinquency: at 00:00 of each day a record's overdue count is the number of its open
 * installments whose effective due date has passed (`effectiveDue < evaluation date`). A record is delinquent from
 * the day after an effective due date with the installment unpaid, and a non-contemplated record is excluded on the
 * day the count reaches the group's `exclusionThreshold` (groups decides the exclusion; contemplated records are
 * never excluded). Payments settle the oldest installment first (D-13), so the overdue installments are consecutive.
 */

/** The facts of an installment that delinquency needs: its period and nominal due date. */
export type DueInstallment = Pick<OpenInstallment, 'period' | 'dueDate'>;

/** A record's delinquency on one evaluation date (the payload of `payments.quota.delinquent` / `.current`). */
export interface DelinquencyEvaluation {
  readonly evaluatedOn: string;
  /** Open installments unpaid after their effective due date. */
  readonly overdueCount: number;
  /** Their periods, ascending. */
  readonly overduePeriods: readonly number[];
  /** Effective due date of the oldest overdue installment; null when none is overdue. */
  readonly oldestEffectiveDue: string | null;
  /** overdueCount > 0. */
  readonly delinquent: boolean;
  /** overdueCount ≥ exclusionThreshold: a non-contemplated record is excluded effective `evaluatedOn`. */
  readonly thresholdReached: boolean;
}

function requireThreshold(threshold: number): void {
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > 3)
    throw new ValidationError('exclusion_threshold', 'must be a whole number between 1 and 3');
}

function requireDate(date: string, field: string): void {
  if (!isValidDate(date)) throw new ValidationError(field, 'must be a valid YYYY-MM-DD date');
}

/**
 * True when an installment nominally due on `dueDate` and still unpaid is overdue on `evaluationDate`: its
 * effective due date (next business day) is before that date. Unpaid on the effective due date is not yet overdue.
 * @throws ValidationError on `due_date` or `evaluation_date`.
 */
export function isOverdue(dueDate: string, evaluationDate: string, holidays: ReadonlySet<string>): boolean {
  requireDate(evaluationDate, 'evaluation_date');
  return effectiveDueDate(dueDate, holidays) < evaluationDate;
}

/**
 * Evaluates a record's open (billed, unpaid) installments on `evaluationDate`: the overdue count, the overdue
 * periods, the oldest effective due date and whether `exclusionThreshold` is reached.
 * @throws ValidationError on `evaluation_date`, a `due_date` or `exclusion_threshold` (1..3).
 */
export function evaluateDelinquency(input: {
  openInstallments: readonly DueInstallment[];
  evaluationDate: string;
  holidays: ReadonlySet<string>;
  exclusionThreshold: number;
}): DelinquencyEvaluation {
  const { evaluationDate, holidays, exclusionThreshold } = input;
  requireThreshold(exclusionThreshold);
  requireDate(evaluationDate, 'evaluation_date');
  const overdue = input.openInstallments
    .map((i) => ({ period: i.period, effectiveDue: effectiveDueDate(i.dueDate, holidays) }))
    .filter((i) => i.effectiveDue < evaluationDate)
    .sort((a, b) => a.period - b.period);
  let oldestEffectiveDue: string | null = null;
  for (const i of overdue)
    if (oldestEffectiveDue === null || i.effectiveDue < oldestEffectiveDue) oldestEffectiveDue = i.effectiveDue;
  return {
    evaluatedOn: evaluationDate,
    overdueCount: overdue.length,
    overduePeriods: overdue.map((i) => i.period),
    oldestEffectiveDue,
    delinquent: overdue.length > 0,
    thresholdReached: overdue.length >= exclusionThreshold,
  };
}

/** An installment of a record's history: paid on `paidOn`, or still unpaid (null). */
export interface InstallmentHistoryEntry extends DueInstallment {
  readonly paidOn: string | null;
}

/**
 * The first day on which the record's overdue count reaches `exclusionThreshold`, replaying its history with the
 * 00:00 daily evaluation (a payment made on day D counts from day D + 1); null when it never does. The count
 * only grows on the day after an effective due date, so only those days are checked. Example (threshold 3,
 * due day 5, installment 4 paid on 2025-05-12): 2025-07-08; with installment 4 unpaid: 2025-06-06.
 * @throws ValidationError on a `due_date`, a `paid_on` or `exclusion_threshold` (1..3).
 */
export function delinquencyExclusionDate(input: {
  installments: readonly InstallmentHistoryEntry[];
  holidays: ReadonlySet<string>;
  exclusionThreshold: number;
}): string | null {
  const { holidays, exclusionThreshold } = input;
  requireThreshold(exclusionThreshold);
  const entries = input.installments.map((i) => {
    if (i.paidOn !== null) requireDate(i.paidOn, 'paid_on');
    return { effectiveDue: effectiveDueDate(i.dueDate, holidays), paidOn: i.paidOn };
  });
  const candidates = [...new Set(entries.map((e) => addDays(e.effectiveDue, 1)))].sort();
  for (const day of candidates) {
    const overdue = entries.filter((e) => e.effectiveDue < day && (e.paidOn === null || e.paidOn >= day)).length;
    if (overdue >= exclusionThreshold) return day;
  }
  return null;
}
