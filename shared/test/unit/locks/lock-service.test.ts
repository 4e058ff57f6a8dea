import assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import knex from 'knex';
import { LOCK_REDIS_OPTIONS, LockService } from '@consorcio/shared/locks';

describe('locks: LockService construction', () => {
  // Neither connects: lazyConnect and a pool with no connection made.
  const db = knex({ client: 'pg', connection: 'postgres://127.0.0.1:1/none', pool: { min: 0, max: 1 } });
  const bare = new Redis({ lazyConnect: true });
  const bounded = new Redis({ lazyConnect: true, ...LOCK_REDIS_OPTIONS });
  after(async () => {
    bare.disconnect();
    bounded.disconnect();
    await db.destroy();
  });

  it('refuses a Redis client without commandTimeout: a paused Redis would stall holders forever', () => {
    assert.throws(() => new LockService({ redis: bare, db, schema: 's' }), /commandTimeout/);
  });

  it('accepts a client built with LOCK_REDIS_OPTIONS', () => {
    assert.equal(LOCK_REDIS_OPTIONS.commandTimeout, 1_000);
    assert.ok(new LockService({ redis: bounded, db, schema: 's' }));
  });

  it('refuses a TTL too short to extend in time', () => {
    assert.throws(() => new LockService({ redis: bounded, db, schema: 's', ttlMs: 50 }), RangeError);
  });
});
