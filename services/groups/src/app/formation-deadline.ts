import type { Knex } from 'knex';
import { appendToOutbox } from '@consorcio/shared/bus';
import { scheduleReminder, type ReminderHandler } from '@consorcio/shared/actors';
import { businessInstant, type Clock } from '@consorcio/shared/clock';
import { cancelGroup, formationExpired } from '../domain';
import { lockGroup, saveGroupState, type GroupRecord } from '../db/groups-repo';
import { outgoing } from '../events/outgoing';
import { SCHEMA } from './deps';

export const FORMATION_DEADLINE_REMINDER = 'group.formation_deadline';
const REASON = 'not constituted by the formation deadline';

/** At publication: a durable timer that cancels the group if it is still FORMING after its deadline (D-05). */
export async function scheduleFormationDeadline(trx: Knex.Transaction, group: GroupRecord): Promise<void> {
  if (!group.state.formationDeadline) return;
  await scheduleReminder(trx, SCHEMA, {
    key: `${FORMATION_DEADLINE_REMINDER}:${group.id}`,
    kind: FORMATION_DEADLINE_REMINDER,
    actorId: group.id,
    dueAt: businessInstant(group.state.formationDeadline, '24:00'),
    payload: {},
  });
}

/** Fires the formation deadline: cancels a group still FORMING (its payments are refunded by payments). */
export function formationDeadlineHandler(clock: Clock): ReminderHandler {
  return async (trx, reminder) => {
    const group = await lockGroup(trx, reminder.actorId);
    if (!group) return;
    const today = clock.today();
    if (!formationExpired(group.state, today)) return; // constituted (or cancelled) in time
    const saved = await saveGroupState(trx, group.id, cancelGroup(group.state, { today }), { cancelReason: REASON });
    await appendToOutbox(trx, SCHEMA, [
      outgoing(
        'groups.group.cancelled',
        saved.id,
        { groupId: saved.id, cancelledOn: today, reason: REASON },
        `reminder:${reminder.key}`,
      ),
    ]);
  };
}
