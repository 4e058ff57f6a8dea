import { addDays } from '@consorcio/shared/clock';
import { periodDueDate } from '@consorcio/shared/rules';

/**
 * The group's billing calendar (domain §2.2, decision P-09): period 1 is the constitution assembly, whose
 * installments are billed at enrollment; the installment of period p ≥ 2 is due on the group's due day of the p − 1-th
 * month after the month of constitution, and billed `BILLING_LEAD_DAYS` before it (the boleto reaches the member
 * ahead of the due date).
 */
export const BILLING_LEAD_DAYS = 10;

export { BANK_HOLIDAYS } from '@consorcio/shared/clock';

export { periodDueDate } from '@consorcio/shared/rules';

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
