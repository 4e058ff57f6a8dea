// The events path end to end: N events written into a service's outbox (groups', with appendToOutbox, in a few
// transactions, as a service's commands would), published by the real OutboxRelay (confirmed batches) to a private
// exchange, consumed by the real audit service (startAuditService: batches hashed into the Merkle tree and the hash
// chain, committed, then acked) — from the first commit until audit.entries holds N. Baseline, on the same broker:
// amqplib publishing N messages of the same size with confirms every 100 (the relay's batch) to a quorum queue
// while a consumer (prefetch 1000, as the audit's) acks them, first publish to last delivery. Target (not
// asserted): ≥ 0.5 × the raw rate. Then a checkpoint is signed and the whole log verified (details only).
// Run: `npm run bench:events [-- --quick | --events 100000 --size 400 --transactions 10 --relay-batch 100]`.
import * as amqp from 'amqplib';
import { appendToOutbox, connectAmqp, OutboxRelay, type OutboxEventInput } from '@consorcio/shared/bus';
import { uniqueSuffix } from '@consorcio/shared/testing';
import { signCheckpointNow } from '../services/audit/src/app/checkpoints';
import { verifyLog } from '../services/audit/src/app/verify-log';
import { logTail } from '../services/audit/src/db/log-repo';
import { startAuditHarness } from '../services/audit/test/integration/harness';
import { benchArgs } from './support/args';
import { benchInfra, freshSchemas, pgSettings } from './support/infra';
import { compare, report, runMain, startRun } from './support/report';
import { round, since, sleep } from './support/stats';

const args = benchArgs('events', 'outbox → relay → RabbitMQ → audit append vs amqplib publish + consume.', {
  events: { full: '100000', quick: '5000', help: 'events written, relayed and appended' },
  size: { full: '400', quick: '400', help: 'payload bytes per event' },
  transactions: { full: '10', quick: '5', help: 'transactions the events are written in' },
  verify: { full: '1', quick: '1', help: '1: sign a checkpoint and verify the whole log afterwards' },
  'relay-batch': { full: '100', quick: '100', help: "the relay's batch (services run with its default, 100)" },
});

async function rawBaseline(url: string, n: number, size: number): Promise<{ seconds: number; publishSeconds: number }> {
  // A connection each, as the relay and the audit service have theirs.
  const pubConn = await amqp.connect(url);
  const subConn = await amqp.connect(url);
  const pub = await pubConn.createConfirmChannel();
  const sub = await subConn.createChannel();
  const exchange = `bench.raw.${uniqueSuffix()}`;
  const queue = `${exchange}.q`;
  await pub.assertExchange(exchange, 'topic', { durable: true });
  await pub.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  await pub.bindQueue(queue, exchange, '#');
  await sub.prefetch(1000);
  const body = Buffer.alloc(size, 7);
  let got = 0;
  let resolveAll: () => void = () => undefined;
  const all = new Promise<void>((r) => (resolveAll = r));
  await sub.consume(queue, (m) => {
    if (!m) return;
    sub.ack(m);
    if (++got === n) resolveAll();
  });
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const ok = pub.publish(exchange, 'groups.quota.activated', body, { persistent: true, messageId: String(i) });
    if (!ok) await new Promise((r) => pub.once('drain', r));
    if ((i + 1) % 100 === 0) await pub.waitForConfirms();
  }
  await pub.waitForConfirms();
  const publishSeconds = since(t0) / 1000;
  await all;
  const seconds = since(t0) / 1000;
  await pub.deleteQueue(queue);
  await pub.deleteExchange(exchange);
  await subConn.close();
  await pubConn.close();
  return { seconds, publishSeconds };
}

async function main(): Promise<void> {
  const run = startRun();
  const n = args.num('events');
  const size = args.num('size');
  const txs = Math.max(1, args.num('transactions'));
  const infra = await benchInfra();
  const db = await freshSchemas(['groups'], 'groups');
  const settings = await pgSettings(db);
  const h = await startAuditHarness();
  const conn = await connectAmqp(infra.amqpUrl, { name: 'bench-relay' });
  const batchSize = args.num('relay-batch');
  const relay = new OutboxRelay({ db, schema: 'groups', connection: conn, exchange: h.exchange, batchSize });
  relay.start();
  let platform: { seconds: number; writeSeconds: number };
  let verification: Record<string, unknown> = {};
  try {
    const payload = Buffer.alloc(size, 7);
    const event = (i: number): OutboxEventInput => ({
      eventType: 'groups.quota.activated',
      aggregateId: `bench-quota-${i % 1000}`,
      payloadType: 'consorcio.events.v1.QuotaActivated',
      payload,
      correlationId: 'bench-events',
    });
    const per = Math.ceil(n / txs);
    let t0 = 0;
    for (let start = 0; start < n; start += per) {
      const batch = Array.from({ length: Math.min(per, n - start) }, (_, k) => event(start + k));
      await db.transaction((trx) => appendToOutbox(trx, 'groups', batch));
      if (start === 0) t0 = performance.now(); // the clock starts at the first commit
    }
    const writeSeconds = since(t0) / 1000;
    const deadline = Date.now() + Math.max(120_000, n * 5);
    while ((await logTail(h.db)).size < n) {
      if (Date.now() > deadline) throw new Error(`the audit log holds ${(await logTail(h.db)).size} of ${n} events`);
      await sleep(25);
    }
    platform = { seconds: since(t0) / 1000, writeSeconds };
    console.log(`platform: ${n} events in ${platform.seconds.toFixed(2)} s`);
    if (args.num('verify') === 1) {
      const t1 = performance.now();
      await signCheckpointNow(h.audit.deps);
      const v = await verifyLog(h.audit.deps, 0, 0);
      verification = { verifySeconds: round(since(t1) / 1000, 2), ok: v.problem === undefined };
    }
  } finally {
    await relay.stop();
    await conn.close().catch(() => undefined);
    await h.stop();
    await db.destroy();
  }
  const raw = await rawBaseline(infra.amqpUrl, n, size);
  console.log(`raw: ${n} messages in ${raw.seconds.toFixed(2)} s`);
  report(run, {
    name: 'events',
    quick: args.quick,
    params: { ...args.params, relayPollMs: 200, auditBatch: 500, rawConfirmEvery: 100, rawPrefetch: 1000 },
    environment: { postgres: settings },
    rows: [
      compare(
        `events ${n.toLocaleString('en-US')}`,
        { value: n / platform.seconds, unit: 'events/s' },
        { value: n / raw.seconds, unit: 'msg/s (amqplib)' },
        '≥ 0.5 × raw',
        (r) => r >= 0.5,
      ),
    ],
    details: {
      platform: {
        seconds: round(platform.seconds, 2),
        eventsPerSecond: Math.round(n / platform.seconds),
        outboxWritesAfterFirstCommitSeconds: round(platform.writeSeconds, 2),
        ...verification,
      },
      raw: {
        seconds: round(raw.seconds, 2),
        messagesPerSecond: Math.round(n / raw.seconds),
        publishSeconds: round(raw.publishSeconds, 2),
        queue: 'quorum, durable; persistent messages',
      },
    },
  });
}

runMain(main);
