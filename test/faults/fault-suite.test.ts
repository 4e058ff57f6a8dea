import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as amqp from 'amqplib';
import type { Knex } from 'knex';
import { EVENTS_EXCHANGE } from '@consorcio/shared/bus';
import { createRedis } from '@consorcio/shared/cache';
import { createDb } from '@consorcio/shared/db';
import { faultServer } from '@consorcio/shared/testing';
import { simulate, type SimulationOptions, type SimulationReport } from '../../cli/src/simulation/simulate';
import { sharedClockTime } from '../../cli/src/simulation/time-control';
import { FaultRig, RIG_ADMIN } from './support/rig';

/** `npm run test:faults` runs the long form (FAULTS_LONG=1): bigger groups, longer terms. */
const LONG = process.env.FAULTS_LONG === '1';
const QUOTAS = LONG ? 30 : 10;
const MONTHS = LONG ? 12 : 6;
const REDIS_PID_FILE = path.resolve(__dirname, '../../.data/fault/redis/redis.pid');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The fault suite: a group's term runs through REST on the whole platform in separate processes (two replicas of
 * payments and draws); in one month, while the members pay, one fault is injected; the platform recovers and the
 * term goes on to the group's closing. Then every invariant of the lifecycle must hold, plus: no bank reconciliation
 * id applied twice, no acknowledged payment lost (the members' tally equals the bank's receipts), every event
 * audited once, at most one assembly result per group and month.
 */
describe('faults: a term under load keeps every invariant', function () {
  this.timeout(LONG ? 1_800_000 : 600_000);
  let rig: FaultRig;
  let db: Knex;
  const redis = createRedis(new FaultRig().urls.redisUrl);

  before(async () => {
    rig = await FaultRig.start();
    db = createDb({ url: rig.urls.databaseUrl, applicationName: 'fault-suite' });
  });
  after(async () => {
    await rig?.stop();
    await db?.destroy();
    redis.disconnect();
  });

  async function term(seed: number, fault: SimulationOptions['fault']): Promise<SimulationReport> {
    const report = await simulate({
      url: rig.url,
      admin: RIG_ADMIN,
      quotas: QUOTAS,
      months: MONTHS,
      seed,
      time: sharedClockTime(redis),
      db,
      say: () => undefined,
      retryUnavailableMs: 90_000,
      fault,
    });
    for (const i of report.invariants) assert.ok(i.ok, `${i.name}: ${i.detail}`);
    const twice = await db.raw<{ rows: unknown[] }>(
      'select idempotency_key from payments.payments group by idempotency_key having count(*) > 1',
    );
    assert.deepEqual(twice.rows, [], 'no bank reconciliation id applied twice');
    assert.equal(report.closing.status, 'GROUP_STATUS_CLOSED');
    return report;
  }

  it('survives kill -9 of a payments replica and of a draws replica mid-load (the others carry on)', async () => {
    await term(101, {
      period: 3,
      inject: async () => {
        await sleep(200);
        rig.kill9('payments-1');
        rig.kill9('draws-1');
        await sleep(5_000);
        rig.restart('payments-1');
        rig.restart('draws-1');
      },
    });
    await rig.ready();
  });

  it('survives RabbitMQ stopped for 10 s and restarted', async () => {
    await term(102, {
      period: 3,
      inject: async () => {
        faultServer('stop', 'rabbitmq');
        await sleep(10_000);
        faultServer('start', 'rabbitmq');
      },
    });
  });

  it("survives Redis paused (SIGSTOP) longer than the payment locks' TTL, then resumed", async () => {
    await term(103, {
      period: 3,
      inject: async () => {
        const pid = Number(readFileSync(REDIS_PID_FILE, 'utf8').trim());
        process.kill(pid, 'SIGSTOP');
        try {
          await sleep(12_000); // the payment lock's TTL is 10 s
        } finally {
          process.kill(pid, 'SIGCONT');
        }
      },
    });
  });

  it('survives PostgreSQL restarted mid-load', async () => {
    await term(104, {
      period: 3,
      inject: async () => {
        await sleep(300);
        faultServer('stop', 'postgres');
        faultServer('start', 'postgres');
      },
    });
  });

  it('ignores duplicated and reordered deliveries injected into every consumer', async () => {
    // A tap on the events exchange keeps a copy of everything published; mid-term it all goes out again, shuffled.
    const conn = await amqp.connect(rig.urls.amqpUrl);
    const ch = await conn.createConfirmChannel();
    const { queue } = await ch.assertQueue('', { exclusive: true });
    await ch.bindQueue(queue, EVENTS_EXCHANGE, '#');
    const copies: amqp.ConsumeMessage[] = [];
    await ch.consume(queue, (m) => m && copies.push(m), { noAck: true });
    try {
      await term(105, {
        period: 4,
        inject: async () => {
          const replay = [...copies].sort(() => Math.random() - 0.5);
          for (const m of replay) ch.publish(EVENTS_EXCHANGE, m.fields.routingKey, m.content, m.properties);
          await ch.waitForConfirms();
          assert.ok(replay.length > 50, `replayed ${replay.length} events`);
        },
      });
    } finally {
      await conn.close().catch(() => undefined);
    }
  });
});
