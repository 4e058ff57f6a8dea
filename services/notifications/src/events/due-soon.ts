import type { Knex } from 'knex';
import { cancelReminder, scheduleReminder, type Reminder, type ReminderHandler } from '@consorcio/shared/actors';
import { addDays, businessInstant } from '@consorcio/shared/clock';
import type { InstallmentFacts } from '../domain/facts';
import type { Channel } from '../domain/kinds';
import { SCHEMA } from '../app/deps';
import { notify } from '../app/notify';

/** The reminders' kind in the platform's reminders table. */
export const DUE_SOON_REMINDER = 'notifications.due_soon';

/** One reminder per record and period: the paid event cancels it by the same key. */
const keyOf = (quotaId: string, period: number) => `due-soon:${quotaId}:${period}`;

/**
 * Schedules the due-soon reminder of a billed installment: at 09:00 (São Paulo) `days` days before its effective due
 * date, on the service's clock. None when that moment has already passed (installment 1 is due the day it is
 * billed). Its payload is the billed facts, with bigints as strings.
 */
export async function scheduleDueSoon(
  trx: Knex,
  now: Date,
  days: number,
  eventId: string,
  facts: InstallmentFacts,
): Promise<boolean> {
  if (days === 0) return false;
  const dueAt = businessInstant(addDays(facts.dueOn, -days), '09:00');
  if (dueAt.getTime() <= now.getTime()) return false;
  return scheduleReminder(trx, SCHEMA, {
    key: keyOf(facts.quota.quotaId, facts.period),
    kind: DUE_SOON_REMINDER,
    actorId: facts.quota.quotaId,
    dueAt,
    payload: { eventId, facts: { ...facts, amountCentavos: facts.amountCentavos.toString() } },
  });
}

/** A payment of the period makes its reminder pointless. */
export async function cancelDueSoon(trx: Knex, quotaId: string, period: number): Promise<void> {
  await cancelReminder(trx, SCHEMA, keyOf(quotaId, period));
}

/** Fires the reminder: the due-soon notifications, keyed by the billed event's id and the due-soon kind. */
export function dueSoonHandler(channels: () => readonly Channel[]): ReminderHandler {
  return async (trx: Knex.Transaction, reminder: Reminder) => {
    const payload = reminder.payload as {
      eventId: string;
      facts: Omit<InstallmentFacts, 'amountCentavos'> & { amountCentavos: string };
    };
    const facts: InstallmentFacts = {
      ...payload.facts,
      kind: 'installment_due_soon',
      amountCentavos: BigInt(payload.facts.amountCentavos),
    };
    await notify(trx, channels(), { eventId: payload.eventId, occurredAt: reminder.dueAt, facts });
  };
}
