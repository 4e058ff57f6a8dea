import type { Knex } from 'knex';
import { scheduleReminder, type ReminderHandler } from '@consorcio/shared/actors';
import { BANK_HOLIDAYS } from '@consorcio/shared/clock';
import { assemblyDates } from '../domain';
import { getAssembly, groupRules } from '../db/assemblies-repo';
import { closeBidding, openBidding, scheduleAssembly } from './assemblies';
import { SCHEMA, type DrawsDeps } from './deps';

export const OPEN_ASSEMBLY_REMINDER = 'draws.open_assembly';
export const CLOSE_BIDDING_REMINDER = 'draws.close_bidding';

/**
 * The durable timer that opens period p's assembly on its calendar (D-25); the group's constitution starts the chain
 * at period 2, and each opening schedules the next period's.
 */
export async function scheduleOpening(trx: Knex.Transaction, groupId: string, period: number): Promise<void> {
  const group = await groupRules(trx, groupId);
  if (!group.constitutedOn || period > group.termMonths) return;
  const dates = assemblyDates({
    constitutedOn: group.constitutedOn,
    dueDay: group.dueDay,
    period,
    holidays: BANK_HOLIDAYS,
  });
  await scheduleReminder(trx, SCHEMA, {
    key: `${OPEN_ASSEMBLY_REMINDER}:${groupId}:${period}`,
    kind: OPEN_ASSEMBLY_REMINDER,
    actorId: groupId,
    dueAt: dates.opensAt,
    payload: { period },
  });
}

/** Opens a period's assembly: schedules it with its dates, opens bidding, and sets the timers that follow. */
export function openAssemblyHandler(deps: DrawsDeps): ReminderHandler {
  return async (trx, reminder) => {
    const groupId = reminder.actorId;
    const period = Number(reminder.payload.period);
    const group = await groupRules(trx, groupId);
    if (group.status !== 'ACTIVE' || !group.constitutedOn) return;
    const dates = assemblyDates({
      constitutedOn: group.constitutedOn,
      dueDay: group.dueDay,
      period,
      holidays: BANK_HOLIDAYS,
    });
    const meta = { correlationId: `reminder:${reminder.key}`, userId: null };
    const assembly = await scheduleAssembly(deps, meta, {
      groupId,
      period,
      bidDeadline: dates.bidDeadline,
      extractionDate: dates.extractionDate,
      assemblyDate: dates.assemblyDate,
    });
    await openBidding(deps, meta, assembly.id);
    await scheduleReminder(trx, SCHEMA, {
      key: `${CLOSE_BIDDING_REMINDER}:${assembly.id}`,
      kind: CLOSE_BIDDING_REMINDER,
      actorId: assembly.id,
      dueAt: dates.bidDeadline,
      payload: {},
    });
    await scheduleOpening(trx, groupId, period + 1);
  };
}

/** Closes bidding at the deadline: the snapshot. The lottery result and the run follow from the operators. */
export function closeBiddingHandler(deps: DrawsDeps): ReminderHandler {
  return async (_trx, reminder) => {
    const assembly = await getAssembly(deps.db, reminder.actorId);
    if (assembly.status !== 'BIDDING_OPEN') return;
    await closeBidding(deps, { correlationId: `reminder:${reminder.key}`, userId: null }, assembly.id);
  };
}
