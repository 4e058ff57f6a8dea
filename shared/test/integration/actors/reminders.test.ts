import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { createDb } from '../../../src/db';
import { ValidationError } from '../../../src/errors';
import {
  cancelReminder,
  ReminderScheduler,
  scheduleReminder,
  type Reminder,
  type ReminderHandler,
} from '../../../src/actors';
import { infraUrls } from '../../../src/testing';
import { createTestSchema, dropSchema, memoryLogger, waitFor } from '../bus/fixtures/harness';

const urls = infraUrls('test');

describe('actors: reminders (integration)', function () {
  this.timeout(30_000);
  let db: Knex;
  let schema: string;
  const log = memoryLogger();
  const schedulers: ReminderScheduler[] = [];

  before(async () => {
    db = createDb({ url: urls.databaseUrl, applicationName: 'reminders-test' });
    schema = await createTestSchema(db);
    await db.raw(`create table "${schema}".fired_log (
      id bigserial primary key, key text not null, due_at timestamptz not null, scheduler text not null)`);
  });

  afterEach(async () => {
    for (const s of schedulers.splice(0)) await s.stop();
    await db.raw(`truncate "${schema}".fired_log, "${schema}".reminders`);
  });

  after(async () => {
    await dropSchema(db, schema);
    await db.destroy();
  });

  const logFiring =
    (label: string): ReminderHandler =>
    async (trx, r) => {
      await trx.withSchema(schema).table('fired_log').insert({ key: r.key, due_at: r.dueAt, scheduler: label });
    };

  function scheduler(label: string, clock: { now(): Date }, handlers?: Record<string, ReminderHandler>) {
    const s = new ReminderScheduler({
      db,
      schema,
      clock,
      pollMs: 20,
      log,
      handlers: handlers ?? { tick: logFiring(label) },
    });
    schedulers.push(s);
    return s;
  }

  function shuffled<T>(xs: T[]): T[] {
    const a = [...xs];
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [a[i], a[j]] = [a[j] as T, a[i] as T];
    }
    return a;
  }

  interface ReminderRow {
    state: string;
    attempts: number;
    last_error: string | null;
    run_at: Date;
  }
  async function reminderRow(key: string): Promise<ReminderRow> {
    const row = await db.withSchema(schema).table('reminders').where({ key }).first<ReminderRow | undefined>();
    assert.ok(row, `reminder ${key}`);
    return row;
  }

  async function firedLog(): Promise<Array<{ key: string; due_at: Date; scheduler: string }>> {
    return db.withSchema(schema).table('fired_log').select('key', 'due_at', 'scheduler').orderBy('id');
  }

  it('fires each reminder once, in due order, with two schedulers running (one leads, the other takes over)', async () => {
    const now = Date.now();
    // 20 overdue and 12 coming due over the next second, scheduled in random order.
    const dues = [
      ...Array.from({ length: 20 }, (_, i) => now - 60_000 + i * 1000),
      ...Array.from({ length: 12 }, (_, i) => now + 600 + i * 80),
    ];
    for (const [i, due] of shuffled(dues.map((d, i) => [i, d] as const))) {
      assert.equal(
        await scheduleReminder(db, schema, {
          key: `r-${i}`,
          kind: 'tick',
          actorId: 'g-1',
          dueAt: new Date(due),
          payload: { i },
        }),
        true,
      );
    }
    const clock = { now: () => new Date() };
    const a = scheduler('a', clock);
    const b = scheduler('b', clock);
    a.start();
    b.start();
    await waitFor('a leader', () => a.isLeader || b.isLeader);
    const [leader, standby] = a.isLeader ? [a, b] : [b, a];
    assert.equal(standby.isLeader, false);
    await waitFor('the overdue ones', async () => (await firedLog()).length >= 20);
    await leader.stop(); // the standby takes over for the rest
    await waitFor('all fired', async () => (await firedLog()).length >= dues.length, 10_000);
    await new Promise((r) => setTimeout(r, 200));

    const fired = await firedLog();
    assert.equal(fired.length, dues.length, 'each once');
    assert.equal(new Set(fired.map((f) => f.key)).size, dues.length);
    const times = fired.map((f) => f.due_at.getTime());
    assert.deepEqual(
      times,
      [...times].sort((x, y) => x - y),
      'in due order',
    );
    assert.equal(new Set(fired.map((f) => f.scheduler)).size, 2, 'both schedulers fired some');
    const states = await db.withSchema(schema).table('reminders').distinct('state').pluck('state');
    assert.deepEqual(states, ['fired']);
  });

  it('fires each reminder exactly once when two schedulers call fireDue() at the same time', async () => {
    let current = new Date('2030-01-01T00:00:00Z');
    const clock = { now: () => current };
    for (let i = 0; i < 60; i++) {
      await scheduleReminder(db, schema, {
        key: `c-${i}`,
        kind: 'tick',
        actorId: `g-${i % 5}`,
        dueAt: new Date(current.getTime() + (i % 10) * 60_000),
        payload: {},
      });
    }
    const a = scheduler('a', clock);
    const b = scheduler('b', clock);
    assert.equal(await a.fireDue(), 6, 'only the ones due now');
    current = new Date(current.getTime() + 3_600_000); // the business date moves on
    const [na, nb] = await Promise.all([a.fireDue(), b.fireDue()]);
    assert.equal(na + nb, 54);
    const fired = await firedLog();
    assert.equal(fired.length, 60);
    assert.equal(new Set(fired.map((f) => f.key)).size, 60);
  });

  it('schedules idempotently by key, skips cancelled reminders, backs off on failure and parks permanent errors', async () => {
    let current = new Date('2030-01-01T00:00:00Z');
    const clock = { now: () => current };
    const calls: Reminder[] = [];
    let failuresLeft = 2;
    const s = scheduler('s', clock, {
      flaky: async (trx, r) => {
        calls.push(r);
        await trx.withSchema(schema).table('fired_log').insert({ key: r.key, due_at: r.dueAt, scheduler: 'attempt' });
        if (failuresLeft-- > 0) throw new Error('not yet');
      },
      doomed: () => Promise.reject(new ValidationError('payload', 'bad')),
      tick: logFiring('s'),
    });
    const base = { actorId: 'g-1', dueAt: current, payload: { x: 1 } };
    assert.equal(await scheduleReminder(db, schema, { ...base, key: 'k-flaky', kind: 'flaky' }), true);
    assert.equal(
      await scheduleReminder(db, schema, { ...base, key: 'k-flaky', kind: 'flaky' }),
      false,
      'same key: no-op',
    );
    await scheduleReminder(db, schema, { ...base, key: 'k-doomed', kind: 'doomed' });
    await scheduleReminder(db, schema, { ...base, key: 'k-cancelled', kind: 'tick' });
    await scheduleReminder(db, schema, { ...base, key: 'k-unknown', kind: 'nobody-handles-this' });
    assert.equal(await db.transaction((trx) => cancelReminder(trx, schema, 'k-cancelled')), true);
    assert.equal(await cancelReminder(db, schema, 'k-cancelled'), false);

    assert.equal(await s.fireDue(), 3, 'flaky (fails), doomed (parked), unknown kind (fails)');
    assert.equal(await s.fireDue(), 0, 'the failed ones wait for their backoff');
    const flaky = await reminderRow('k-flaky');
    assert.equal(flaky.state, 'pending');
    assert.equal(flaky.attempts, 1);
    assert.equal(flaky.last_error, 'Error: not yet');
    assert.ok(flaky.run_at.getTime() > current.getTime());
    const doomed = await reminderRow('k-doomed');
    assert.equal(doomed.state, 'parked');
    assert.equal(doomed.last_error, 'ValidationError: payload: bad');

    for (let i = 0; i < 3; i++) {
      current = new Date(current.getTime() + 3_600_000);
      await s.fireDue();
    }
    const done = await reminderRow('k-flaky');
    assert.equal(done.state, 'fired');
    assert.equal(done.attempts, 3);
    assert.deepEqual(
      calls.map((c) => c.attempts),
      [0, 1, 2],
    );
    assert.deepEqual(calls[0]!.payload, { x: 1 });
    const attempts = await db.withSchema(schema).table('fired_log').where({ key: 'k-flaky' });
    assert.equal(attempts.length, 1, 'the failed attempts rolled back their writes');
    const cancelled = await reminderRow('k-cancelled');
    assert.equal(cancelled.state, 'cancelled');
  });
});
