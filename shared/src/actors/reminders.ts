import type { Knex } from 'knex';
import { qualifiedTable } from '../db';

/** A durable timer to schedule. */
export interface ReminderInput {
  /** Unique forever: scheduling an existing key (even fired or cancelled) is a no-op. */
  key: string;
  /** Selects the handler, e.g. `assembly.open`. */
  kind: string;
  actorId: string;
  dueAt: Date;
  payload: Record<string, unknown>;
}

/** A reminder as its handler sees it. */
export interface Reminder {
  id: bigint;
  key: string;
  kind: string;
  actorId: string;
  dueAt: Date;
  payload: Record<string, unknown>;
  /** Failed attempts so far. */
  attempts: number;
}

/**
 * Schedules a reminder in the caller's transaction (so it exists iff the state change commits).
 * Resolves true when it was new, false when the key was already taken (a retried command or a
 * redelivered event scheduling it again).
 */
export async function scheduleReminder(
  trx: Knex | Knex.Transaction,
  schema: string,
  r: ReminderInput,
): Promise<boolean> {
  const res = await trx.raw<{ rows: unknown[] }>(
    `insert into ${qualifiedTable(schema, 'reminders')} (key, kind, actor_id, due_at, run_at, payload)
     values (?, ?, ?, ?, ?, ?)
     on conflict (key) do nothing
     returning id`,
    [r.key, r.kind, r.actorId, r.dueAt, r.dueAt, JSON.stringify(r.payload)],
  );
  return res.rows.length > 0;
}

/** Cancels a pending reminder; resolves false when there was none pending under that key. */
export async function cancelReminder(trx: Knex | Knex.Transaction, schema: string, key: string): Promise<boolean> {
  const res = await trx.raw<{ rows: unknown[] }>(
    `update ${qualifiedTable(schema, 'reminders')} set state = 'cancelled'
      where key = ? and state = 'pending'
      returning id`,
    [key],
  );
  return res.rows.length > 0;
}
