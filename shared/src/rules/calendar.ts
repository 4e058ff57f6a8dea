import { isValidDate } from '../clock';
import { ValidationError } from '../errors';

/**
 * The group calendar both billing (payments) and assemblies (draws) follow (decision P-09): period 1 is the
 * constitution assembly; period p ≥ 2 is due on the group's due day of the (p − 1)-th month after the month of
 * constitution.
 */
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
