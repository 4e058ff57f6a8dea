import { addDays, isValidDate } from '@consorcio/shared/clock';
import { ValidationError } from '@consorcio/shared/errors';

/**
 * The group's billing calendar (domain §2.2, decision P-09): period 1 is the constitution assembly, whose
 * installments are billed at enrollment; the installment of period p ≥ 2 is due on the group's due day of the p − 1-th
 * month after the month of constitution, and billed `BILLING_LEAD_DAYS` before it (the boleto reaches the member
 * ahead of the due date).
 */
export const BILLING_LEAD_DAYS = 10;

export { BANK_HOLIDAYS } from '@consorcio/shared/clock';

/** Nominal due date of period `p` ≥ 2 of a group constituted on `constitutedOn` with due day `dueDay` (1..28). */
export function periodDueDate(constitutedOn: string, dueDay: number, period: number): string {
  if (!isValidDate(constitutedOn)) throw new ValidationError('constituted_on', 'must be a valid YYYY-MM-DD date');
  if (!Number.isInteger(dueDay) || dueDay < 1 || dueDay > 28)
    throw new ValidationError('due_day', 'must be a whole number between 1 and 28');
  if (!Number.isInteger(period) || period < 2) throw new ValidationError('period', 'must be a whole number ≥ 2');
  const year = Number(constitutedOn.slice(0, 4));
  const month = Number(constitutedOn.slice(5, 7)) - 1 + (period - 1);
  const y = year + Math.floor(month / 12);
  const m = (month % 12) + 1;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(dueDay).padStart(2, '0')}`;
}

/** The billing date of a period: its due date minus the lead. */
export function billingDate(dueDate: string): string {
  return addDays(dueDate, -BILLING_LEAD_DAYS);
}

/**
 * The periods of a group whose billing date is on or before `on`, from 2 to the term: what a catch-up run bills.
 */
export function periodsDue(input: {
  constitutedOn: string;
  dueDay: number;
  termMonths: number;
  on: string;
}): { period: number; dueOn: string }[] {
  const out: { period: number; dueOn: string }[] = [];
  for (let p = 2; p <= input.termMonths; p++) {
    const dueOn = periodDueDate(input.constitutedOn, input.dueDay, p);
    if (billingDate(dueOn) > input.on) break;
    out.push({ period: p, dueOn });
  }
  return out;
}
