// Starts one service as bench:memory does and prints its RSS (and /proc smaps_rollup) every few seconds.
// Run: `node --conditions=source --require tsx/cjs bench/tools/rss-watch.ts <service> [seconds] [node flags…]`.
import { readFileSync } from 'node:fs';
import { benchInfra } from '../support/infra';
import { addressEnv, freePort, platformKeys, SERVICES, startService, type ServiceName } from '../support/services';
import { sleep } from '../support/stats';

async function main(): Promise<void> {
  const name = (process.argv[2] ?? 'groups') as ServiceName;
  if (!SERVICES.includes(name)) throw new Error(`service must be one of ${SERVICES.join(', ')}`);
  const seconds = Number(process.argv[3] ?? 30);
  const infra = await benchInfra({ processes: true });
  const port = await freePort();
  // The others' addresses point nowhere: enough for the gateway to start (it connects lazily).
  const others = Object.fromEntries(SERVICES.map((n) => [n, n === name ? port : 9]));
  const s = await startService(name, { infra, keys: platformKeys(), port, env: addressEnv(others) });
  const t0 = Date.now();
  try {
    while (Date.now() - t0 < seconds * 1000) {
      const rollup = readFileSync(`/proc/${s.pid}/smaps_rollup`, 'utf8');
      const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(rollup)?.[1] ?? NaN);
      console.log(
        `${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s  RSS ${s.rssMb()} MB  anon ${(kb('Anonymous') / 1024).toFixed(1)} MB` +
          `  file ${((kb('Rss') - kb('Anonymous')) / 1024).toFixed(1)} MB`,
      );
      await sleep(5000);
    }
  } finally {
    await s.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
