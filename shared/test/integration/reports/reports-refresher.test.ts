import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import type { Knex } from 'knex';
import { silentLogger } from '../../../src/bus';
import { createRedis } from '../../../src/cache';
import { createDb, createPlatformTables } from '../../../src/db';
import { ConflictError } from '../../../src/errors';
import { LOCK_REDIS_OPTIONS, LockService } from '../../../src/locks';
import { ReportCache, reportRefreshWorker, ViewRefresher } from '../../../src/reports';
import { infraUrls, uniqueSuffix } from '../../../src/testing';

describe('reports: refreshing materialized views under the lock, and the report cache', function () {
  this.timeout(30_000);
  const suffix = uniqueSuffix();
  const schema = `rep_${suffix}`;
  let db: Knex;
  let redis: Redis;
  let cache: ReportCache;
  let refresher: ViewRefresher;

  before(async () => {
    const urls = infraUrls('test');
    db = createDb({ url: urls.databaseUrl, applicationName: 'reports-test' });
    redis = createRedis(urls.redisUrl, { ...LOCK_REDIS_OPTIONS });
    await db.raw('create schema ??', [schema]);
    await createPlatformTables(db, schema);
    await db.raw(`create table ??.report_refreshes (view_name text primary key, refreshed_at timestamptz not null)`, [
      schema,
    ]);
    await db.raw(`create table ??.amounts (id int primary key, centavos bigint not null)`, [schema]);
    // Its refresh takes a while (pg_sleep), so two refreshes overlap for sure and a reader can read meanwhile.
    await db.raw(
      `create materialized view ??.total_view as
       select 1 as id, (select coalesce(sum(centavos), 0) from ??.amounts)::bigint as total, pg_sleep(0.4)::text as slept`,
      [schema, schema],
    );
    await db.raw('create unique index on ??.total_view (id)', [schema]);
    cache = new ReportCache({ redis, service: `t${suffix}`, ttlSeconds: 30 });
    refresher = new ViewRefresher({
      db,
      schema,
      views: ['total_view'],
      locks: new LockService({ redis, db, schema, retryCount: 0 }),
      lockResource: `lock:reports-refresh:{${schema}}`,
      cache,
      now: () => new Date(),
    });
  });
  after(async () => {
    await db?.raw('drop schema if exists ?? cascade', [schema]);
    await db?.destroy();
    redis?.disconnect();
  });

  const total = async () => ((await db(`${schema}.total_view`).first()) as { total: bigint }).total;

  it('runs one refresh at a time: a second one while the first runs is told a refresh is in progress', async () => {
    assert.equal(await refresher.lastRefreshedAt(), null);
    await db(`${schema}.amounts`).insert({ id: 1, centavos: 150 });
    const outcomes = await Promise.allSettled([refresher.refresh(), sleep(50).then(() => refresher.refresh())]);
    const ok = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as Error] : []));
    assert.equal(ok.length, 1);
    assert.equal(refused.length, 1);
    assert.ok(refused[0] instanceof ConflictError);
    assert.match(refused[0].message, /refresh of the rep_\w+ reports is in progress/);
    assert.equal(await total(), 150n);
    assert.ok(await refresher.lastRefreshedAt());
    // Free again afterwards.
    await refresher.refresh();
  });

  it('keeps readers reading the old contents during a concurrent refresh', async () => {
    await db(`${schema}.amounts`).insert({ id: 2, centavos: 50 });
    const running = refresher.refresh();
    await sleep(100);
    const started = Date.now();
    assert.equal(await total(), 150n); // the old contents, at once: the refresh does not block readers
    assert.ok(Date.now() - started < 200);
    await running;
    assert.equal(await total(), 200n);
  });

  it('serves a cached report until a refresh drops it', async () => {
    let loads = 0;
    const load = async () => ({ total: await total(), n: ++loads });
    const a = await cache.getOrLoad('totals', ['g1', '2025-01-01'], load);
    const b = await cache.getOrLoad('totals', ['g1', '2025-01-01'], load);
    assert.deepEqual(
      [a, b],
      [
        { total: 200n, n: 1 },
        { total: 200n, n: 1 },
      ],
    );
    assert.equal(await redis.exists(`cache:t${suffix}:report:totals:g1:2025-01-01`), 1);
    await refresher.refresh();
    assert.equal(await redis.exists(`cache:t${suffix}:report:totals:g1:2025-01-01`), 0);
    assert.deepEqual(await cache.getOrLoad('totals', ['g1', '2025-01-01'], load), { total: 200n, n: 2 });
  });

  it('refreshes on a schedule from one worker, skipping its first tick', async () => {
    const before = (await refresher.lastRefreshedAt())!;
    await db(`${schema}.amounts`).insert({ id: 3, centavos: 1 });
    const worker = reportRefreshWorker({ db, schema, refresher, intervalMs: 150, log: silentLogger });
    worker.start();
    try {
      const deadline = Date.now() + 5_000;
      while ((await total()) !== 201n && Date.now() < deadline) await sleep(50);
      assert.equal(await total(), 201n);
      assert.ok((await refresher.lastRefreshedAt())! > before);
    } finally {
      await worker.stop();
    }
  });
});
