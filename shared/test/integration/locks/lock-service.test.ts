import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import knex, { type Knex } from 'knex';
import { ConflictError, NotFoundError, UnavailableError } from '@consorcio/shared/errors';
import {
  guardFence,
  LOCK_REDIS_OPTIONS,
  LockService,
  takeFence,
  type LockServiceOptions,
  type LockWaitObservation,
} from '@consorcio/shared/locks';
import { infraUrls, uniqueSuffix } from '@consorcio/shared/testing';

const FAULT_REDIS_PID_FILE = path.resolve(__dirname, '../../../../.data/fault/redis/redis.pid');

/** Freezes the fault Redis (SIGSTOP) for `ms`, resuming it whatever happens. */
async function pauseFaultRedis(ms: number, during: () => Promise<void> = () => Promise.resolve()): Promise<void> {
  const pid = Number(readFileSync(FAULT_REDIS_PID_FILE, 'utf8').trim());
  process.kill(pid, 'SIGSTOP');
  try {
    await Promise.all([sleep(ms), during()]);
  } finally {
    process.kill(pid, 'SIGCONT');
  }
}

interface Warned {
  obj: object;
  msg: string;
}

describe('locks: LockService with fencing (Redis + Postgres)', function () {
  this.timeout(30_000);

  const suffix = uniqueSuffix();
  const schema = `t_${suffix}`;
  const table = `${schema}.quota`;
  let db: Knex;
  let redis: Redis;
  let faultRedis: Redis;
  const clients: Redis[] = [];
  let n = 0;
  /** A resource name this file owns. */
  const resource = (what = 'quota') => `lock:test_${suffix}:${what}:{${++n}}`;

  /** A client on the test Redis (or the fault one), closed after the file. */
  function redisClient(profile: 'test' | 'fault' = 'test'): Redis {
    const client = new Redis(infraUrls(profile).redisUrl, LOCK_REDIS_OPTIONS);
    client.on('error', () => {}); // a paused server makes the client report timeouts; the test asserts on them
    clients.push(client);
    return client;
  }

  function service(overrides: Partial<LockServiceOptions> = {}): LockService {
    return new LockService({ redis, db, schema, retryCount: 3, retryDelayMs: 50, retryJitterMs: 20, ...overrides });
  }

  async function insertQuota(id: string): Promise<void> {
    await db(table).insert({ id });
  }

  interface QuotaRow {
    counter: number;
    owner: string | null;
    fence: bigint;
  }

  /** The row as written; int8 arrives as a string, so the fence is converted here. */
  async function readQuota(id: string): Promise<QuotaRow> {
    const row = (await db(table).where({ id }).first()) as (Omit<QuotaRow, 'fence'> & { fence: string }) | undefined;
    assert.ok(row, `quota ${id} exists`);
    return { ...row, fence: BigInt(row.fence) };
  }

  before(async () => {
    db = knex({ client: 'pg', connection: infraUrls().databaseUrl, pool: { min: 0, max: 20 } });
    await db.raw('CREATE SCHEMA ??', [schema]);
    // What shared/src/db/platform-tables.ts creates in every service schema.
    await db.raw('CREATE TABLE ??.lock_fences (resource text PRIMARY KEY, token bigint NOT NULL)', [schema]);
    await db.raw(
      `CREATE TABLE ?? (id text PRIMARY KEY, counter int NOT NULL DEFAULT 0, owner text,
         fence bigint NOT NULL DEFAULT 0)`,
      [table],
    );
    redis = redisClient();
    faultRedis = redisClient('fault');
  });

  after(async () => {
    const keys = await redis.keys(`lock:test_${suffix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await Promise.all(clients.map((c) => c.quit().catch(() => c.disconnect())));
    await db.raw('DROP SCHEMA IF EXISTS ?? CASCADE', [schema]);
    await db.destroy();
  });

  it('serializes read-modify-write increments from concurrent callers', async () => {
    const res = resource();
    const id = `q-${n}`;
    await insertQuota(id);
    // Separate services and clients, as separate processes would have.
    const services = Array.from({ length: 5 }, () =>
      service({ redis: redisClient(), retryCount: 400, retryDelayMs: 10, retryJitterMs: 5 }),
    );
    let inside = 0;
    let maxInside = 0;
    const perCaller = 6;
    await Promise.all(
      services.map(async (locks) => {
        for (let i = 0; i < perCaller; i++) {
          await locks.withLock(res, async (fence) => {
            inside++;
            maxInside = Math.max(maxInside, inside);
            try {
              const row = await readQuota(id);
              await sleep(3); // widen the race window: without the lock increments would be lost
              await db.transaction(async (trx) => {
                await guardFence(trx, { table, idColumn: 'id', id, fence, resource: res });
                await trx(table)
                  .where({ id })
                  .update({ counter: row.counter + 1 });
              });
            } finally {
              inside--;
            }
          });
        }
      }),
    );
    assert.equal((await readQuota(id)).counter, services.length * perCaller);
    assert.equal(maxInside, 1);
  });

  it('hands out fencing tokens that only grow per resource', async () => {
    const res = resource();
    const other = resource();
    const locks = service();
    const seen: bigint[] = [];
    for (let i = 0; i < 4; i++) seen.push(await locks.withLock(res, (fence) => Promise.resolve(fence)));
    assert.deepEqual(seen, [1n, 2n, 3n, 4n]);
    assert.equal(await takeFence(db, schema, res), 5n);
    assert.equal(
      await locks.withLock(other, (fence) => Promise.resolve(fence)),
      1n,
      'each resource has its own sequence',
    );
  });

  it('reports how long acquiring waited through onLockWait', async () => {
    const seen: LockWaitObservation[] = [];
    const locks = service({ onLockWait: (o) => seen.push(o) });
    const res = resource();
    await locks.withLock(res, () => Promise.resolve(undefined));
    assert.equal(seen.length, 1);
    assert.equal(seen[0]!.resource, res);
    assert.equal(seen[0]!.outcome, 'acquired');
    assert.ok(seen[0]!.waitMs >= 0);
  });

  it('fails with ConflictError when another holder keeps the lock past the retry window', async () => {
    const res = resource();
    const seen: LockWaitObservation[] = [];
    const holder = service();
    const contender = service({
      redis: redisClient(),
      retryCount: 2,
      retryDelayMs: 30,
      onLockWait: (o) => seen.push(o),
    });
    let letGo!: () => void;
    const held = new Promise<void>((resolve) => (letGo = resolve));
    let acquired!: () => void;
    const isHeld = new Promise<void>((resolve) => (acquired = resolve));
    const holding = holder.withLock(res, async () => {
      acquired();
      await held;
    });
    await isHeld;
    await assert.rejects(
      contender.withLock(res, () => Promise.resolve('never')),
      (err: unknown) => err instanceof ConflictError && err.message === `lock ${res} is held by another holder`,
    );
    assert.equal(seen[0]?.outcome, 'conflict');
    letGo();
    await holding;
    assert.equal(await contender.withLock(res, () => Promise.resolve('mine')), 'mine');
  });

  it('releases the lock when fn throws', async () => {
    const res = resource();
    const locks = service();
    await assert.rejects(
      locks.withLock(res, () => Promise.reject(new Error('boom'))),
      /boom/,
    );
    assert.equal(await redis.exists(res), 0);
    // Immediately available, without waiting for the TTL.
    assert.equal(await service({ retryCount: 0 }).withLock(res, () => Promise.resolve('again')), 'again');
  });

  it('extends the lock while fn outlives the TTL, and keeps others out', async () => {
    const res = resource();
    const locks = service({ ttlMs: 600 });
    const contender = service({ redis: redisClient(), retryCount: 0 });
    const result = await locks.withLock(res, async (_fence, signal) => {
      await sleep(1_500); // 2.5 TTLs
      assert.equal(signal.aborted, false);
      assert.ok((await redis.pttl(res)) > 0, 'still held in Redis');
      await assert.rejects(
        contender.withLock(res, () => Promise.resolve(undefined)),
        ConflictError,
      );
      return 'done';
    });
    assert.equal(result, 'done');
    assert.equal(await redis.exists(res), 0);
  });

  it('aborts the signal once the extension cap is reached', async () => {
    const res = resource();
    const locks = service({ ttlMs: 300, maxExtensions: 1 });
    await locks.withLock(res, async (_fence, signal) => {
      const reason = await new Promise<unknown>((resolve) =>
        signal.addEventListener('abort', () => resolve(signal.reason)),
      );
      assert.ok(reason instanceof ConflictError);
      assert.match(reason.message, /1 extensions/);
    });
  });

  it('an expired holder with the older token cannot write (lock key expired under it)', async () => {
    const res = resource();
    const id = `q-${n}`;
    await insertQuota(id);
    const warned: Warned[] = [];
    const a = service({ ttlMs: 1_500, log: { warn: (obj, msg) => warned.push({ obj, msg }) } });
    const b = service({ redis: redisClient() });

    let fenceB = 0n;
    const aOutcome = await a.withLock(res, async (fenceA, signalA) => {
      // The key expires under A (as after a long GC pause); B takes the lock and writes first.
      await redis.del(res);
      fenceB = await b.withLock(res, async (fence) => {
        await db.transaction(async (trx) => {
          await guardFence(trx, { table, idColumn: 'id', id, fence, resource: res });
          await trx(table).where({ id }).update({ owner: 'B' });
        });
        return fence;
      });
      assert.ok(fenceB > fenceA);

      const write = db.transaction(async (trx) => {
        await trx(table).where({ id }).update({ owner: 'A' });
        await guardFence(trx, { table, idColumn: 'id', id, fence: fenceA, resource: res });
      });
      await assert.rejects(write, (err: unknown) => err instanceof ConflictError && err.message.includes(res));
      // A's next extension finds the key gone and tells fn the lock is lost.
      await new Promise((resolve) => signalA.addEventListener('abort', resolve, { once: true }));
      return signalA.reason as unknown;
    });

    assert.ok(aOutcome instanceof ConflictError);
    const row = await readQuota(id);
    assert.equal(row.owner, 'B', "A's update was rolled back");
    assert.equal(row.fence, fenceB);
    assert.equal(warned.length, 1, "A's release fails (the key is not its own) and is only logged");
    assert.match(warned[0]!.msg, /release failed/);
  });

  it('a holder frozen out by a paused Redis cannot write after a second holder took over', async () => {
    const res = resource();
    const id = `q-${n}`;
    await insertQuota(id);
    const warned: Warned[] = [];
    const ttlMs = 2_000;
    const a = service({ redis: faultRedis, ttlMs, log: { warn: (obj, msg) => warned.push({ obj, msg }) } });
    // B retries through the pause: its attempts time out (commandTimeout) until Redis resumes.
    const b = service({ redis: redisClient('fault'), ttlMs, retryCount: 100, retryDelayMs: 100 });

    await a.withLock(res, async (fenceA, signalA) => {
      let bTookOver!: Promise<bigint>;
      await pauseFaultRedis(ttlMs + 1_000, async () => {
        await sleep(100);
        bTookOver = b.withLock(res, async (fenceB) => {
          await db.transaction(async (trx) => {
            await guardFence(trx, { table, idColumn: 'id', id, fence: fenceB, resource: res });
            await trx(table).where({ id }).update({ owner: 'B' });
          });
          return fenceB;
        });
      });
      const fenceB = await bTookOver;
      assert.ok(fenceB > fenceA);
      assert.equal(signalA.aborted, true, 'A learnt its extension failed');

      await assert.rejects(
        db.transaction(async (trx) => {
          await guardFence(trx, { table, idColumn: 'id', id, fence: fenceA, resource: res });
          await trx(table).where({ id }).update({ owner: 'A' });
        }),
        ConflictError,
      );
      const row = await readQuota(id);
      assert.equal(row.owner, 'B');
      assert.equal(row.fence, fenceB);
    });
    assert.equal(warned.length, 1, "A's release fails and is logged, not thrown");
  });

  it('fails with UnavailableError in bounded time when Redis is paused', async () => {
    const locks = service({ redis: redisClient('fault'), retryCount: 2, retryDelayMs: 100 });
    const res = resource();
    let elapsed = 0;
    await pauseFaultRedis(0, async () => {
      const started = Date.now();
      await assert.rejects(
        locks.withLock(res, () => Promise.resolve('never')),
        (err: unknown) => err instanceof UnavailableError && /timed out/i.test(err.message),
      );
      elapsed = Date.now() - started;
    });
    // One attempt (commandTimeout) plus redlock's cleanup release (commandTimeout), then the window is over.
    assert.ok(elapsed < 4_000, `took ${elapsed} ms`);
  });

  describe('guardFence', () => {
    it('accepts the same token twice (one holder, several transactions) and refuses an older one', async () => {
      const id = `g-${++n}`;
      await insertQuota(id);
      await guardFence(db, { table, idColumn: 'id', id, fence: 7n });
      await guardFence(db, { table, idColumn: 'id', id, fence: 7n });
      await assert.rejects(
        guardFence(db, { table, idColumn: 'id', id, fence: 6n }),
        (err: unknown) => err instanceof ConflictError && err.message.includes(`${table} ${id}`),
      );
      assert.equal((await readQuota(id)).fence, 7n);
    });

    it('reports a missing row as NotFoundError, not as a lost lock', async () => {
      await assert.rejects(guardFence(db, { table, idColumn: 'id', id: 'absent', fence: 1n }), NotFoundError);
    });
  });
});
