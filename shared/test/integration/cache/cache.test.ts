import assert from 'node:assert/strict';
import net from 'node:net';
import type { Redis } from 'ioredis';
import { UnavailableError, ValidationError } from '../../../src/errors';
import { Cache, bigintJsonCodec, createRedis, invalidationHandler, type CacheLogger } from '../../../src/cache';
import { infraUrls, uniqueSuffix } from '../../../src/testing';

interface Group {
  id: string;
  quota: bigint;
}
const codec = bigintJsonCodec<Group>();

/** A logger that remembers its warnings. */
function recordingLog(): CacheLogger & { messages: string[] } {
  const messages: string[] = [];
  return { messages, warn: (_obj, msg) => void messages.push(msg) };
}

/** A loader that counts its calls. */
function countingLoader<T>(value: T | null): { load: () => Promise<T | null>; calls: () => number } {
  let calls = 0;
  return {
    load: () => {
      calls++;
      return Promise.resolve(value);
    },
    calls: () => calls,
  };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

describe('Cache (against the test Redis)', () => {
  let redis: Redis;
  let service: string;

  before(async () => {
    redis = createRedis(infraUrls('test').redisUrl);
    await redis.ping();
  });
  beforeEach(() => {
    service = `cachetest-${uniqueSuffix()}`;
  });
  afterEach(async () => {
    const keys = await redis.keys(`cache:${service}:*`);
    if (keys.length > 0) await redis.del(...keys);
  });
  after(async () => {
    await redis.quit();
  });

  it('names keys cache:<service>:<entity>:<id>', () => {
    const cache = new Cache({ redis, service: 'groups', ttlSeconds: 60 });
    assert.equal(cache.key('group', 'g-1'), 'cache:groups:group:g-1');
  });

  it('loads on a miss, stores with the TTL, and serves the next read from Redis', async () => {
    const cache = new Cache({ redis, service, ttlSeconds: 120 });
    const loader = countingLoader<Group>({ id: 'g-1', quota: 123456789012345678901n });
    const first = await cache.getOrLoad('group', 'g-1', loader.load, codec);
    const ttl = await redis.ttl(cache.key('group', 'g-1'));
    const second = await cache.getOrLoad('group', 'g-1', loader.load, codec);
    assert.deepEqual(first, { id: 'g-1', quota: 123456789012345678901n });
    assert.deepEqual(second, first);
    assert.equal(loader.calls(), 1);
    assert.ok(ttl > 110 && ttl <= 120, `ttl ${ttl}`);
  });

  it('does not cache a null result', async () => {
    const cache = new Cache({ redis, service, ttlSeconds: 60 });
    const loader = countingLoader<Group>(null);
    assert.equal(await cache.getOrLoad('group', 'missing', loader.load, codec), null);
    assert.equal(await cache.getOrLoad('group', 'missing', loader.load, codec), null);
    assert.equal(loader.calls(), 2);
    assert.equal(await redis.exists(cache.key('group', 'missing')), 0);
  });

  it('reloads after invalidate', async () => {
    const cache = new Cache({ redis, service, ttlSeconds: 60 });
    const loader = countingLoader<Group>({ id: 'g-1', quota: 1n });
    await cache.getOrLoad('group', 'g-1', loader.load, codec);
    await cache.invalidate('group', 'g-1');
    assert.equal(await redis.exists(cache.key('group', 'g-1')), 0);
    await cache.getOrLoad('group', 'g-1', loader.load, codec);
    assert.equal(loader.calls(), 2);
  });

  it('lets an event handler delete the entries an event makes stale', async () => {
    const cache = new Cache({ redis, service, ttlSeconds: 60 });
    await cache.getOrLoad('group', 'g-7', () => Promise.resolve({ id: 'g-7', quota: 1n }), codec);
    await cache.getOrLoad('group-members', 'g-7', () => Promise.resolve({ id: 'm', quota: 2n }), codec);
    await cache.getOrLoad('group', 'g-8', () => Promise.resolve({ id: 'g-8', quota: 3n }), codec);
    const seen: string[] = [];
    const onEvent = invalidationHandler(cache, (routingKey, aggregateId) => {
      seen.push(routingKey);
      return routingKey.startsWith('groups.')
        ? [
            ['group', aggregateId],
            ['group-members', aggregateId],
          ]
        : [];
    });
    await onEvent({ eventType: 'groups.group.updated.v1', aggregateId: 'g-7' });
    await onEvent({ eventType: 'payments.paid.v1', aggregateId: 'g-8' });
    assert.deepEqual(seen, ['groups.group.updated.v1', 'payments.paid.v1']);
    assert.equal(await redis.exists(cache.key('group', 'g-7'), cache.key('group-members', 'g-7')), 0);
    assert.equal(await redis.exists(cache.key('group', 'g-8')), 1);
  });

  it('reloads and overwrites an entry the codec cannot decode', async () => {
    const log = recordingLog();
    const cache = new Cache({ redis, service, ttlSeconds: 60, log });
    await redis.set(cache.key('group', 'g-1'), 'not json', 'EX', 60);
    const value = await cache.getOrLoad('group', 'g-1', () => Promise.resolve({ id: 'g-1', quota: 5n }), codec);
    assert.deepEqual(value, { id: 'g-1', quota: 5n });
    assert.deepEqual(codec.decode((await redis.get(cache.key('group', 'g-1'))) as string), value);
    assert.deepEqual(log.messages, ['cache entry undecodable; reloading']);
  });

  it('lets loader errors reach the caller', async () => {
    const cache = new Cache({ redis, service, ttlSeconds: 60 });
    await assert.rejects(
      cache.getOrLoad('group', 'g-1', () => Promise.reject(new Error('db down')), codec),
      /db down/,
    );
  });

  it('throws a ValidationError for a non-positive or fractional TTL', () => {
    assert.throws(() => new Cache({ redis, service, ttlSeconds: 0 }), ValidationError);
    assert.throws(() => new Cache({ redis, service, ttlSeconds: 1.5 }), ValidationError);
  });
});

describe('Cache when Redis fails', () => {
  it('returns the loader value quickly when Redis is unreachable, and warns', async () => {
    const log = recordingLog();
    const redis = createRedis(`redis://127.0.0.1:${await closedPort()}`, { commandTimeout: 200, log });
    try {
      const cache = new Cache({ redis, service: 'unreachable', ttlSeconds: 60, log });
      const started = Date.now();
      const value = await cache.getOrLoad('group', 'g-1', () => Promise.resolve({ id: 'g-1', quota: 9n }), codec);
      assert.deepEqual(value, { id: 'g-1', quota: 9n });
      assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
      assert.ok(log.messages.includes('cache read failed; using the loader'));
      assert.ok(log.messages.includes('redis connection error'), 'the error listener logged instead of crashing');
    } finally {
      redis.disconnect();
    }
  });

  it('does not stall on a server that accepts connections but never answers', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((s) => void sockets.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const { port } = silent.address() as net.AddressInfo;
    const redis = createRedis(`redis://127.0.0.1:${port}`, { commandTimeout: 200 });
    try {
      const cache = new Cache({ redis, service: 'paused', ttlSeconds: 60 });
      const started = Date.now();
      const value = await cache.getOrLoad('group', 'g-1', () => Promise.resolve({ id: 'g-1', quota: 1n }), codec);
      assert.deepEqual(value, { id: 'g-1', quota: 1n });
      assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
    } finally {
      redis.disconnect();
      for (const s of sockets) s.destroy();
      await new Promise((r) => silent.close(r));
    }
  });

  it('returns the loader value when only the write fails', async () => {
    const log = recordingLog();
    const failingWrites = {
      get: () => Promise.resolve(null),
      set: () => Promise.reject(new Error('READONLY')),
    } as unknown as Redis;
    const cache = new Cache({ redis: failingWrites, service: 's', ttlSeconds: 60, log });
    assert.deepEqual(await cache.getOrLoad('group', 'g-1', () => Promise.resolve({ id: 'g-1', quota: 2n }), codec), {
      id: 'g-1',
      quota: 2n,
    });
    assert.deepEqual(log.messages, ['cache write failed']);
  });

  it('rejects an invalidation with a transient UnavailableError so the consumer retries', async () => {
    const failing = { del: () => Promise.reject(new Error('Command timed out')) } as unknown as Redis;
    const onEvent = invalidationHandler(new Cache({ redis: failing, service: 's', ttlSeconds: 60 }), (_rk, id) => [
      ['group', id],
    ]);
    await assert.rejects(onEvent({ eventType: 'groups.group.updated.v1', aggregateId: 'g-1' }), UnavailableError);
  });
});
