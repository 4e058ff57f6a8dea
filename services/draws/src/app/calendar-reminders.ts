import type { Knex } from 'knex';
import { scheduleReminder } from '@consorcio/shared/actors';
import { BANK_HOLIDAYS, businessInstant } from '@consorcio/shared/clock';
import { assemblyDates } from '@consorcio/shared/rules';
import { groupRules } from '../db/assemblies-repo';
import type { AssemblyCommand } from './assembly-mailbox';
import { SCHEMA } from './deps';

/** Every timed command of the assembly is one reminder kind: at its time it is sent to the group's mailbox. */
export const ASSEMBLY_COMMAND_REMINDER = 'draws.assembly_command';

async function remind(trx: Knex.Transaction, key: string, groupId: string, dueAt: Date, command: AssemblyCommand) {
  await scheduleReminder(trx, SCHEMA, {
    key: `${ASSEMBLY_COMMAND_REMINDER}:${key}`,
    kind: ASSEMBLY_COMMAND_REMINDER,
    actorId: groupId,
    dueAt,
    payload: { groupId, command },
  });
}

/**
 * Period p's assembly opens on its calendar (D-25): the group's constitution starts the chain at period 2, and each
 * opening schedules the next period's.
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
  await remind(trx, `open:${groupId}:${period}`, groupId, dates.opensAt, { type: 'open', period });
}

/** Bidding closes at the deadline: the snapshot. The lottery result and the run follow from the operators. */
export async function scheduleClosing(trx: Knex.Transaction, groupId: string, assemblyId: string, deadline: Date) {
  await remind(trx, `close:${assemblyId}`, groupId, deadline, { type: 'close', assemblyId });
}

/** A winning bid unpaid at the end of its deadline day defaults (§6.7). */
export async function scheduleBidDefault(
  trx: Knex.Transaction,
  groupId: string,
  assemblyId: string,
  quotaId: string,
  deadline: string,
): Promise<void> {
  await remind(trx, `default:${assemblyId}:${quotaId}`, groupId, businessInstant(deadline, '24:00'), {
    type: 'default',
    assemblyId,
    quotaId,
  });
}
