import type { Knex } from 'knex';
import { qualifiedTable } from '../db';
import { isTransient, UnavailableError } from '../errors';
import { backoffDelay, describeError, LeasedLoop, silentLogger, type BackoffOptions, type BusLogger } from '../bus';
import type { Reminder } from './reminders';

/** Fires one reminder; its writes go through `trx`, which also marks the reminder fired. */
export type ReminderHandler = (trx: Knex.Transaction, reminder: Reminder) => Promise<void>;

/** Options of a {@link ReminderScheduler}. */
export interface ReminderSchedulerOptions {
  db: Knex;
  schema: string;
  /** Decides what is due; simulations pass a controlled clock and call `fireDue()` themselves. */
  clock: { now(): Date };
  handlers: Readonly<Record<string, ReminderHandler>>;
  /** Pause between polls, and between tries for the lease, ms (default 1000). */
  pollMs?: number;
  /** Failed attempts after which a reminder is parked (default 10). */
  maxAttempts?: number;
  /** Delay before retrying a failed reminder (default 1 s doubling up to 10 min). */
  backoff?: BackoffOptions;
  log?: BusLogger;
}

interface ReminderRow {
  id: bigint;
  key: string;
  kind: string;
  actor_id: string;
  due_at: Date;
  payload: Record<string, unknown>;
  attempts: number;
}

/**
 * Fires due reminders in due order, each exactly once: a reminder is claimed `FOR UPDATE SKIP
 * LOCKED` and marked fired in the same transaction as its handler's effect. `start()` polls while
 * holding the schema's scheduler lease (an advisory lock), so one scheduler is active at a time and
 * others stand by. A failure rolls the handler back (savepoint), counts the attempt and pushes the
 * reminder back; a permanent error or too many attempts parks it.
 */
export class ReminderScheduler {
  private readonly log: BusLogger;
  private readonly loop: LeasedLoop;

  constructor(private readonly options: ReminderSchedulerOptions) {
    this.log = options.log ?? silentLogger;
    this.loop = new LeasedLoop({
      db: options.db,
      leaseName: `reminder-scheduler:${options.schema}`,
      pollMs: options.pollMs ?? 1000,
      log: this.log,
      label: `reminder scheduler ${options.schema}`,
      tick: async () => {
        await this.fireDue();
        return false;
      },
    });
  }

  /** True while this instance holds its schema's scheduler lease. */
  get isLeader(): boolean {
    return this.loop.held;
  }

  /** Polls in the background (once it holds the lease). */
  start(): void {
    this.loop.start();
  }

  /** Finishes the reminder in flight and releases the lease. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Fires every reminder due by `clock.now()`, in due order; resolves how many it handled. */
  async fireDue(): Promise<number> {
    let handled = 0;
    while (await this.fireOne()) handled++;
    return handled;
  }

  private fireOne(): Promise<boolean> {
    const { db, schema, clock } = this.options;
    const table = qualifiedTable(schema, 'reminders');
    return db.transaction(async (trx) => {
      const now = clock.now();
      const { rows } = await trx.raw<{ rows: ReminderRow[] }>(
        `select id, key, kind, actor_id, due_at, payload, attempts from ${table}
          where state = 'pending' and run_at <= ?
          order by due_at, id
          limit 1
          for update skip locked`,
        [now],
      );
      const row = rows[0];
      if (!row) return false;
      const reminder: Reminder = {
        id: row.id,
        key: row.key,
        kind: row.kind,
        actorId: row.actor_id,
        dueAt: row.due_at,
        payload: row.payload,
        attempts: row.attempts,
      };
      try {
        const handler = this.options.handlers[row.kind];
        // Transient: during a rolling deploy another version may know this kind.
        if (!handler) throw new UnavailableError(`no handler for reminder kind ${row.kind}`);
        await trx.transaction((sp) => handler(sp, reminder));
        await trx.raw(`update ${table} set state = 'fired', fired_at = ?, attempts = attempts + 1 where id = ?`, [
          now,
          String(row.id),
        ]);
      } catch (err) {
        await this.recordFailure(trx, table, reminder, err, now);
      }
      return true;
    });
  }

  private async recordFailure(
    trx: Knex.Transaction,
    table: string,
    r: Reminder,
    err: unknown,
    now: Date,
  ): Promise<void> {
    const attempts = r.attempts + 1;
    const park = !isTransient(err) || attempts >= (this.options.maxAttempts ?? 10);
    const runAt = new Date(
      now.getTime() + backoffDelay(attempts, this.options.backoff ?? { initialMs: 1000, maxMs: 600_000 }),
    );
    await trx.raw(`update ${table} set attempts = ?, last_error = ?, state = ?, run_at = ? where id = ?`, [
      attempts,
      describeError(err),
      park ? 'parked' : 'pending',
      runAt,
      String(r.id),
    ]);
    const fields = { err, key: r.key, kind: r.kind, attempts };
    if (park) this.log.error(fields, 'reminder parked');
    else this.log.warn({ ...fields, runAt }, 'reminder failed; will retry');
  }
}
