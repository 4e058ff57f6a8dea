import { createRedis } from '../cache';
import { SharedClock, systemClock, type Clock } from '../clock';
import type { Logger } from '../log';

/** `system` (production) or `shared`: the sandbox clock every service of an installation follows (see SharedClock). */
export const CLOCK_MODES = ['system', 'shared'] as const;

/** The business clock a service process runs on, and how to let it go on stop. */
export async function openServiceClock(
  mode: (typeof CLOCK_MODES)[number],
  redisUrl: string,
  log: Logger,
): Promise<{ clock: Clock; close(): Promise<void> }> {
  if (mode === 'system') return { clock: systemClock, close: () => Promise.resolve() };
  const redis = createRedis(redisUrl, { log });
  const clock = await SharedClock.follow(redis);
  log.warn(
    { payload: { now: clock.now().toISOString() } },
    'running on the shared sandbox clock (CONSORCIO_CLOCK=shared)',
  );
  return {
    clock,
    async close() {
      await clock.close();
      redis.disconnect();
    },
  };
}
