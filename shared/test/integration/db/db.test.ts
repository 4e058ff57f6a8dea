import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import {
  AdvisoryLease,
  checkDb,
  createDb,
  createPlatformTables,
  dropPlatformTables,
  isUnreachable,
  PLATFORM_TABLES,
  withTransaction,
} from '../../../src/db';
import { infraUrls, uniqueSuffix } from '../../../src/testing';

const urls = infraUrls('test');

describe('db: createDb, transactions, health, platform tables, advisory lease (integration)', function () {
  this.timeout(20_000);
  let db: Knex;
  const schema = `t_${uniqueSuffix()}`;

  before(async () => {
    db = createDb({ url: urls.databaseUrl, applicationName: 'db-test', poolMax: 5 });
    await createPlatformTables(db, schema);
    await db.raw(`create table "${schema}".counters (id int primary key, n bigint not null)`);
  });

  after(async () => {
    await db.raw(`drop schema if exists "${schema}" cascade`);
    await db.destroy();
  });

  it('returns int8 as bigint, int8[] as bigint[], and keeps int4 a number', async () => {
    const { rows } = await db.raw<{ rows: Array<{ big: bigint; arr: bigint[]; small: number; app: string }> }>(
      `select 9007199254740993::int8 as big, array[1, 2]::int8[] as arr, 7::int4 as small,
              current_setting('application_name') as app`,
    );
    assert.deepEqual(rows[0], { big: 9007199254740993n, arr: [1n, 2n], small: 7, app: 'db-test' });
  });

  it('creates every platform table, and drops them again', async () => {
    const other = `t_${uniqueSuffix()}`;
    await db.transaction((trx) => createPlatformTables(trx, other));
    const listed = async () =>
      ((await db('information_schema.tables').where({ table_schema: other }).pluck('table_name')) as string[]).sort();
    assert.deepEqual(await listed(), [...PLATFORM_TABLES].sort());
    await dropPlatformTables(db, other);
    assert.deepEqual(await listed(), []);
    await db.raw(`drop schema "${other}"`);
  });

  it('withTransaction commits on success and rolls back on a throw', async () => {
    await withTransaction(db, (trx) => trx.withSchema(schema).table('counters').insert({ id: 1, n: 1 }));
    await assert.rejects(
      withTransaction(db, async (trx) => {
        await trx.withSchema(schema).table('counters').insert({ id: 2, n: 1 });
        throw new Error('nope');
      }),
      /nope/,
    );
    assert.deepEqual(await db.withSchema(schema).table('counters').pluck('id'), [1]);
  });

  it('withTransaction runs a serializable transaction again after a serialization failure', async () => {
    let attempts = 0;
    // Two serializable transactions that read then write the same row: one must fail with 40001.
    let release!: () => void;
    const bothRead = new Promise<void>((r) => (release = r));
    let reads = 0;
    const bump = () =>
      withTransaction(
        db,
        async (trx) => {
          attempts++;
          const row = await trx.withSchema(schema).table('counters').where({ id: 1 }).first<{ n: bigint }>();
          if (++reads === 2) release();
          await Promise.race([bothRead, new Promise((r) => setTimeout(r, 500))]);
          await trx
            .withSchema(schema)
            .table('counters')
            .where({ id: 1 })
            .update({ n: String(row.n + 1n) });
        },
        { isolationLevel: 'serializable', retries: 3 },
      );
    await Promise.all([bump(), bump()]);
    const row = await db.withSchema(schema).table('counters').where({ id: 1 }).first<{ n: bigint }>();
    assert.equal(row.n, 3n, 'both increments applied');
    assert.ok(attempts >= 3, `one transaction ran again (attempts: ${attempts})`);
  });

  it('checkDb answers true for a live database and false, without throwing, for an unreachable one', async () => {
    assert.equal(await checkDb(db), true);
    const dead = createDb({ url: 'postgres://postgres@127.0.0.1:1/none', acquireTimeoutMs: 500 });
    try {
      const started = Date.now();
      assert.equal(await checkDb(dead, 300), false);
      assert.ok(Date.now() - started < 2_000);
      const err = await dead.raw('select 1').catch((e: unknown) => e);
      assert.ok(isUnreachable(err), String(err));
    } finally {
      await dead.destroy();
    }
  });

  it('grants an advisory lease to one holder at a time, and frees it on release or when the session dies', async () => {
    const name = `lease:${schema}`;
    const a = new AdvisoryLease(db, name);
    const b = new AdvisoryLease(db, name);
    assert.equal(await a.tryAcquire(), true);
    assert.equal(await a.tryAcquire(), true, 're-check while held');
    assert.equal(await b.tryAcquire(), false);
    await a.release();
    assert.equal(await b.tryAcquire(), true);
    assert.equal(await a.tryAcquire(), false);

    // Kill b's session: the lock goes with it; b notices on its next check. The timeout makes
    // pg_terminate_backend wait until the backend is gone (and its locks freed), not just signalled.
    await db.raw(
      `select pg_terminate_backend(pid, 5000) from pg_locks where locktype = 'advisory' and objid = (hashtextextended(?, 0) & 4294967295)::oid and granted`,
      [name],
    );
    assert.equal(await a.tryAcquire(), true);
    assert.equal(await b.tryAcquire(), false);
    assert.equal(b.held, false);
    await a.release();
    await b.release();
  });
});
