// The audit log's append rate: events published to the broker (with confirms, as a relay does) and appended by the
// audit service — consumed in batches, hashed into the Merkle tree and the chain, committed, then acked — measured
// from the first publish until the log holds them all; then a checkpoint is signed and the whole log verified.
// On the test servers (`CONSORCIO_INFRA_PROFILE=test npm run infra:up`).
// Run: `npm run bench:audit [-- --events 100000 --size 400]`.
import { parseArgs } from 'node:util';
import { signCheckpointNow } from '../services/audit/src/app/checkpoints';
import { verifyLog } from '../services/audit/src/app/verify-log';
import { startAuditHarness, testEvent } from '../services/audit/test/integration/harness';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { events: { type: 'string', default: '100000' }, size: { type: 'string', default: '400' } },
  });
  const events = Number(values.events);
  const size = Number(values.size);
  const h = await startAuditHarness();
  try {
    const batch = Array.from({ length: events }, () => testEvent({ body: Buffer.alloc(size, 7) }));
    const started = performance.now();
    const publishing = (async () => {
      for (let i = 0; i < events; i += 5_000) await h.publish(batch.slice(i, i + 5_000));
    })();
    let published = 0;
    await publishing.then(() => (published = performance.now()));
    while ((await h.logSize()) < events) await new Promise((r) => setTimeout(r, 20));
    const appended = performance.now();
    await signCheckpointNow(h.audit.deps);
    const v0 = performance.now();
    const v = await verifyLog(h.audit.deps, 0, 0);
    const verified = performance.now();
    const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);
    const rows = {
      events,
      payloadBytes: size,
      publishSeconds: +((published - started) / 1000).toFixed(2),
      appendSeconds: +((appended - started) / 1000).toFixed(2),
      appendedPerSecond: rate(events, appended - started),
      verifySeconds: +((verified - v0) / 1000).toFixed(2),
      verifiedPerSecond: rate(events, verified - v0),
      verifyOk: v.problem === undefined,
    };
    console.table(rows);
    console.log(JSON.stringify(rows));
  } finally {
    await h.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
