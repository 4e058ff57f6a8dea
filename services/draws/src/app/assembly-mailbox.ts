import type { ActorHandler, ReminderHandler } from '@consorcio/shared/actors';
import { BANK_HOLIDAYS } from '@consorcio/shared/clock';
import { NotFoundError } from '@consorcio/shared/errors';
import { assemblyDates } from '@consorcio/shared/rules';
import { getAssembly, groupRules } from '../db/assemblies-repo';
import { closeBidding, openBidding, scheduleAssembly } from './assemblies';
import { scheduleClosing, scheduleOpening } from './calendar-reminders';
import type { DrawsDeps } from './deps';
import { defaultUnpaidBid } from './settlement';

/**
 * The assembly's timed commands travel through one actor mailbox per group (consistent-hash shards, one active
 * consumer each): whichever replica owns the group's shard handles them one at a time, in the order they were sent,
 * so an opening, a closing and a default of one group never run at once or out of order across replicas. The
 * durable reminders only send; the commands themselves are idempotent (a redelivery changes nothing).
 */
export const ASSEMBLY_MAILBOX = 'assembly';

export type AssemblyCommand =
  | { type: 'open'; period: number }
  | { type: 'close'; assemblyId: string }
  | { type: 'default'; assemblyId: string; quotaId: string };

/** Sends a command to a group's assembly mailbox. */
export type SendAssemblyCommand = (groupId: string, command: AssemblyCommand) => Promise<void>;

export const encodeCommand = (c: AssemblyCommand): Uint8Array => Buffer.from(JSON.stringify(c));

/** Handles one command of a group's mailbox. */
export function assemblyCommandHandler(deps: DrawsDeps): ActorHandler {
  return async ({ trx, message, body }) => {
    const groupId = message.actorId;
    const command = JSON.parse(body.toString('utf8')) as AssemblyCommand;
    const meta = { correlationId: `mailbox:${message.messageId}`, userId: null };
    try {
      switch (command.type) {
        case 'open': {
          const group = await groupRules(trx, groupId);
          if (group.status !== 'ACTIVE' || !group.constitutedOn) return;
          const dates = assemblyDates({
            constitutedOn: group.constitutedOn,
            dueDay: group.dueDay,
            period: command.period,
            holidays: BANK_HOLIDAYS,
          });
          const assembly = await scheduleAssembly(deps, meta, {
            groupId,
            period: command.period,
            bidDeadline: dates.bidDeadline,
            extractionDate: dates.extractionDate,
            assemblyDate: dates.assemblyDate,
          });
          if (assembly.status === 'SCHEDULED') await openBidding(deps, meta, assembly.id);
          await scheduleClosing(trx, groupId, assembly.id, assembly.bidDeadline);
          await scheduleOpening(trx, groupId, command.period + 1);
          return;
        }
        case 'close': {
          const assembly = await getAssembly(deps.db, command.assemblyId);
          if (assembly.status === 'BIDDING_OPEN') await closeBidding(deps, meta, assembly.id);
          return;
        }
        case 'default':
          await defaultUnpaidBid(trx, deps.clock.today(), { ...command, correlationId: meta.correlationId });
      }
    } catch (err) {
      // A command about a group or an assembly this installation does not know has nothing to act on.
      if (err instanceof NotFoundError) return;
      throw err;
    }
  };
}

/** A reminder whose only job is to send its command to the group's mailbox. */
export function sendingReminder(send: SendAssemblyCommand): ReminderHandler {
  return async (_trx, reminder) => {
    await send(String(reminder.payload.groupId), reminder.payload.command as AssemblyCommand);
  };
}
