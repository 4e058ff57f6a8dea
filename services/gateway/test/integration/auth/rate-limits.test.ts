import assert from 'node:assert/strict';
import net from 'node:net';
import { createRedis } from '@consorcio/shared/cache';
import { RateLimiter, rateLimitKey } from '../../../src/auth';
import { PASSWORD, freshIp, startAuthHarness, type AuthHarness } from './harness';

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

describe('gateway auth: rate limits (Redis)', () => {
  let h: AuthHarness;

  before(async () => {
    h = await startAuthHarness({ loginPerUsername: 5, loginPerIp: 8, otherPerIp: 3 });
    await h.addUser('limited.user', ['OPERATOR']);
    await h.addUser('other.user', ['OPERATOR']);
  });
  after(async () => h.stop());

  it('answers 429 with Retry-After after 5 logins for one username, even from many addresses', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const password = i === 4 ? PASSWORD : 'wrong password!!';
      statuses.push((await h.post('/v1/auth/login', { username: 'Limited.User', password }, { ip: freshIp() })).status);
    }
    assert.deepEqual(statuses, [401, 401, 401, 401, 200, 429]);
    const res = await h.post('/v1/auth/login', { username: 'limited.user', password: PASSWORD });
    assert.equal(res.status, 429);
    assert.deepEqual(res.body, { code: 8, message: 'too many requests', details: [] });
    const retryAfter = Number(res.headers.get('retry-after'));
    assert.ok(retryAfter >= 1 && retryAfter <= 60, String(retryAfter));
  });

  it('answers 429 after 8 logins from one address, whatever the usernames', async () => {
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) {
      statuses.push((await h.post('/v1/auth/login', { username: `user${i}`, password: 'x' }, { ip })).status);
    }
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 401, 401, 401, 429]);
    // Another address and another username are unaffected.
    assert.equal((await h.post('/v1/auth/login', { username: 'other.user', password: PASSWORD })).status, 200);
  });

  it('limits refresh and logout per address with their own, separate budget', async () => {
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await h.post('/v1/auth/refresh', { refreshToken: 'A'.repeat(43) }, { ip })).status);
    }
    assert.deepEqual(statuses, [401, 401, 401, 429]);
    assert.equal((await h.post('/v1/auth/logout', { refreshToken: 'A'.repeat(43) }, { ip })).status, 429);
    assert.equal((await h.post('/v1/auth/login', { username: 'other.user', password: PASSWORD }, { ip })).status, 200);
  });

  it('counts several counters in one round trip and refuses when any is over its limit', async () => {
    const ip = { key: rateLimitKey('t-ip', 'x'), limit: 10 };
    const user = { key: rateLimitKey('t-user', 'x'), limit: 1 };
    assert.equal((await h.deps.limiter.hitAll([ip, user], 1000)).allowed, true);
    const second = await h.deps.limiter.hitAll([ip, user], 1000);
    assert.equal(second.allowed, false, 'the user counter is over');
    assert.ok(second.resetMs > 0);
    assert.equal(await h.redis.get(ip.key), '2', 'both counted');
  });

  it('counts in one Redis key per scope and id, expiring with the window', async () => {
    const d1 = await h.deps.limiter.hit(rateLimitKey('test', 'a'), 2, 300);
    const d2 = await h.deps.limiter.hit(rateLimitKey('test', 'a'), 2, 300);
    const d3 = await h.deps.limiter.hit(rateLimitKey('test', 'a'), 2, 300);
    assert.deepEqual([d1.allowed, d2.allowed, d3.allowed], [true, true, false]);
    assert.deepEqual([d1.remaining, d2.remaining, d3.remaining], [1, 0, 0]);
    assert.ok(d3.resetMs > 0 && d3.resetMs <= 300);
    assert.equal(await h.redis.get(rateLimitKey('test', 'a')), '3');
    assert.match(
      rateLimitKey('login-user', '52998224725'),
      /^ratelimit:login-user:[A-Za-z0-9_-]{22}$/,
      'ids are hashed, never stored in clear',
    );
    await new Promise((r) => setTimeout(r, d3.resetMs + 50));
    assert.equal((await h.deps.limiter.hit(rateLimitKey('test', 'a'), 2, 300)).remaining, 1);
  });

  it('lets API requests through, refuses logins, and warns once per interval when Redis is unreachable', async () => {
    const redis = createRedis(`redis://127.0.0.1:${await closedPort()}`, {
      commandTimeout: 200,
      retryStrategy: () => null,
    });
    const warnings: string[] = [];
    const limiter = new RateLimiter(redis, { warn: (_fields: unknown, msg?: string) => void warnings.push(msg ?? '') });
    try {
      for (let i = 0; i < 3; i++) {
        assert.deepEqual(await limiter.hit(rateLimitKey('api-ip', '1.2.3.4'), 1, 1000), {
          allowed: true,
          remaining: 1,
          resetMs: 0,
          unavailable: true,
        });
      }
      assert.deepEqual(warnings, ['rate limiter unavailable; request allowed']);
      const login = await limiter.hit(rateLimitKey('login-ip', '1.2.3.4'), 1, 1000, true);
      assert.equal(login.allowed, false, 'login fails closed: no unlimited guessing while Redis is down');
    } finally {
      redis.disconnect();
    }
  });
});
