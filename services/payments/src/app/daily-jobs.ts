import { scheduleReminder, type ReminderHandler } from '@consorcio/shared/actors';
import { addDays, businessInstant } from '@consorcio/shared/clock';
import { runDelinquency } from './delinquency-run';
import { SCHEMA, type PaymentsDeps } from './deps';
import { reconcileQuery } from './queries';

export const DAILY_REMINDER = 'payments.daily';

/** The durable timer of a day's jobs, at 00:05 of that day (São Paulo). */
export async function scheduleDailyJobs(db: Parameters<typeof scheduleReminder>[0], date: string): Promise<void> {
  await scheduleReminder(db, SCHEMA, {
    key: `${DAILY_REMINDER}:${date}`,
    kind: DAILY_REMINDER,
    actorId: 'payments',
    dueAt: businessInstant(date, '00:05'),
    payload: { date },
  });
}

/**
 * A day's jobs: the delinquency evaluation of that date (§3.5, §5.3), then the reconcile job (every cached balance
 * recomputed from the journal; a difference is logged as an error and counted), and the next day's timer. A day
 * missed while the service was down runs on its own date when the service is back, in order; the reconcile, which
 * checks the balances as they are now, runs only for the latest day, not once per day caught up.
 */
export function dailyJobsHandler(deps: PaymentsDeps): ReminderHandler {
  return async (trx, reminder) => {
    const date = String(reminder.payload.date);
    await runDelinquency(deps, { correlationId: `reminder:${reminder.key}`, userId: null }, { on: date });
    if (date >= addDays(deps.clock.today(), -1)) await reconcileQuery(deps, { groupId: '' });
    await scheduleDailyJobs(trx, addDays(date, 1));
  };
}
