import assert from 'node:assert/strict';
import { createRedis } from '../../../src/cache';
import { advanceSharedClock, SHARED_CLOCK_KEY, SharedClock, sharedClockNow } from '../../../src/clock';
import { infraUrls } from '../../../src/testing';

describe('SharedClock: the sandbox clock every service follows (integration)', function () {
  this.timeout(20_000);
  const redis = createRedis(infraUrls('test').redisUrl);
  const followers: SharedClock[] = [];

  beforeEach(async () => {
    await redis.del(SHARED_CLOCK_KEY);
  });
  after(async () => {
    for (const f of followers) await f.close();
    await redis.del(SHARED_CLOCK_KEY);
    redis.disconnect();
  });

  const follow = async () => {
    const f = await SharedClock.follow(redis);
    followers.push(f);
    return f;
  };
  const near = (a: Date, b: Date) => Math.abs(a.getTime() - b.getTime()) < 2_000;

  it('runs on real time until moved, then every follower sees the move at once', async () => {
    const [a, b] = [await follow(), await follow()];
    assert.ok(near(a.now(), new Date()));
    const target = new Date(Date.now() + 400 * 86_400_000);
    await advanceSharedClock(redis, target);
    for (let i = 0; i < 50 && !(near(a.now(), target) && near(b.now(), target)); i++) {
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.ok(near(a.now(), target) && near(b.now(), target), `${a.now().toISOString()} ${b.now().toISOString()}`);
    assert.equal(a.today(), b.today());
    // A replica started later reads the offset in force.
    assert.ok(near((await follow()).now(), target));
  });

  it('never moves back', async () => {
    const later = new Date(Date.now() + 10 * 86_400_000);
    await advanceSharedClock(redis, later);
    const answered = await advanceSharedClock(redis, new Date(Date.now() + 86_400_000));
    assert.ok(near(answered, later));
    assert.ok(near(await sharedClockNow(redis), later));
  });
});
