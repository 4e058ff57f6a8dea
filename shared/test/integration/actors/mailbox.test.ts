import assert from 'node:assert/strict';
import path from 'node:path';
import * as amqp from 'amqplib';
import type { Knex } from 'knex';
import { createDb } from '../../../src/db';
import { ValidationError } from '../../../src/errors';
import { connectAmqp, type AmqpConnection } from '../../../src/bus';
import { Mailbox, mailboxNames, type ActorMessage } from '../../../src/actors';
import { infraUrls, uniqueSuffix } from '../../../src/testing';
import { createTestSchema, deleteBrokerObjects, dropSchema, memoryLogger, waitFor } from '../bus/fixtures/harness';
import { spawnChild, type Child } from '../bus/fixtures/spawn-child';
import { handledLogger, handledTableDdl } from './fixtures/handled-log';

const urls = infraUrls('test');
const SERVICE = 'tsvc';
const SHARDS = 4;
const ACTORS = 10;
const PER_ACTOR = 20;

describe('actors: mailbox (integration)', function () {
  this.timeout(60_000);
  const suffix = uniqueSuffix();
  let db: Knex;
  let schema: string;
  let conn: AmqpConnection;
  const log = memoryLogger();
  const cleanup: { queues: string[]; exchanges: string[] } = { queues: [], exchanges: [] };
  const children: Child[] = [];
  const mailboxes: Mailbox[] = [];

  function mailboxFor(name: string, extra: Partial<ConstructorParameters<typeof Mailbox>[0]> = {}): Mailbox {
    const names = mailboxNames(SERVICE, `${name}${suffix}`, SHARDS, `t.${suffix}.actors.${name}`);
    cleanup.queues.push(...names.shardQueues.flatMap((q) => [q, `${q}.parked`]));
    cleanup.exchanges.push(names.exchange);
    const mb = new Mailbox({
      connection: conn,
      db,
      schema,
      service: SERVICE,
      name: `${name}${suffix}`,
      shards: SHARDS,
      exchange: names.exchange,
      drainMs: 100,
      log,
      ...extra,
    });
    mailboxes.push(mb);
    return mb;
  }

  function startWorker(mb: Mailbox, label: string): Child {
    const child = spawnChild(path.join(__dirname, 'fixtures/mailbox-worker.ts'), {
      MB_DATABASE_URL: urls.databaseUrl,
      MB_AMQP_URL: urls.amqpUrl,
      MB_SCHEMA: schema,
      MB_SERVICE: SERVICE,
      MB_NAME: mb.consumerName.slice(SERVICE.length + 1),
      MB_SHARDS: String(SHARDS),
      MB_EXCHANGE: mb.names.exchange,
      MB_LABEL: label,
      MB_DELAY_MS: '15',
    });
    children.push(child);
    return child;
  }

  before(async () => {
    db = createDb({ url: urls.databaseUrl, applicationName: 'mailbox-test' });
    schema = await createTestSchema(db);
    await db.raw(handledTableDdl(schema));
    conn = await connectAmqp(urls.amqpUrl, { name: 'mailbox-test', log });
  });

  afterEach(async () => {
    for (const mb of mailboxes.splice(0)) await mb.stop();
    for (const c of children.splice(0)) {
      c.process.kill('SIGKILL');
      await c.exited;
    }
    await db.raw(`truncate "${schema}".handled, "${schema}".inbox`);
  });

  after(async () => {
    await conn?.close();
    await deleteBrokerObjects(urls.amqpUrl, cleanup.queues, cleanup.exchanges);
    await dropSchema(db, schema);
    await db.destroy();
  });

  /** Sends seq 1..PER_ACTOR to each actor, interleaving actors. */
  async function sendAll(mb: Mailbox): Promise<void> {
    for (let seq = 1; seq <= PER_ACTOR; seq++) {
      await Promise.all(
        Array.from({ length: ACTORS }, (_, a) => mb.send(`actor-${a}`, 'tick', Buffer.from(JSON.stringify({ seq })))),
      );
    }
  }

  async function handledRows(): Promise<Array<{ actor_id: string; seq: number; process: string }>> {
    return db.withSchema(schema).table('handled').select('actor_id', 'seq', 'process').orderBy('id');
  }

  async function assertOrderedAndComplete(): Promise<Set<string>> {
    const rows = await handledRows();
    const byActor = new Map<string, number[]>();
    for (const r of rows) byActor.set(r.actor_id, [...(byActor.get(r.actor_id) ?? []), r.seq]);
    assert.equal(byActor.size, ACTORS);
    for (const [actor, seqs] of byActor) {
      assert.deepEqual(
        seqs,
        Array.from({ length: PER_ACTOR }, (_, i) => i + 1),
        `${actor}: in order, each once`,
      );
    }
    return new Set(rows.map((r) => r.process));
  }

  const handledCount = async () => Number((await handledRows()).length);

  for (const how of ['SIGTERM', 'SIGKILL'] as const) {
    it(`keeps each actor's messages in order across two processes when the active one stops (${how})`, async () => {
      const mb = mailboxFor(how === 'SIGTERM' ? 'graceful' : 'crash');
      // The child consumes first, so single-active-consumer makes it active on every shard; this
      // process stands by until the child goes away.
      const worker = startWorker(mb, 'child');
      await worker.line('READY');
      await mb.start(handledLogger(schema, 'main', 15));
      const sending = sendAll(mb);
      await waitFor(
        'the child to handle a third',
        async () => (await handledCount()) >= (ACTORS * PER_ACTOR) / 3,
        30_000,
      );
      worker.process.kill(how);
      if (how === 'SIGTERM') await worker.line('STOPPED');
      await worker.exited;
      await sending;
      await waitFor('every message handled', async () => (await handledCount()) >= ACTORS * PER_ACTOR, 30_000, 50);
      await new Promise((r) => setTimeout(r, 300)); // a duplicate would show up by now
      const processes = await assertOrderedAndComplete();
      assert.deepEqual([...processes].sort(), ['child', 'main'], 'the standby took over');
    });
  }

  it('hands the handler the message; dedupes a repeated message id; retries in place, then parks', async () => {
    const seen: ActorMessage[] = [];
    let flaky = 0;
    const mb = mailboxFor('failures', { retryDelaysMs: [50, 50] });
    await mb.start(async ({ trx, message, body }) => {
      seen.push(message);
      if (message.type === 'flaky' && ++flaky < 3) throw new Error('try again');
      if (message.type === 'broken') throw new Error('always broken');
      if (message.type === 'invalid') throw new ValidationError('payload', 'nonsense');
      await trx
        .withSchema(schema)
        .table('handled')
        .insert({
          actor_id: message.actorId,
          seq: Number(body.toString()),
          process: message.type,
          message_id: message.messageId,
        });
    });
    const id = await mb.send('a-1', 'ok', Buffer.from('1'), { correlation_id: 'c-1' });
    // A duplicate of the same message (as after a publisher retry): handled once.
    const raw = await amqp.connect(urls.amqpUrl);
    const ch = await raw.createConfirmChannel();
    ch.publish(mb.names.exchange, 'a-1', Buffer.from('1'), { messageId: id, type: 'ok', headers: { actor_id: 'a-1' } });
    await ch.waitForConfirms();
    await raw.close();
    await mb.send('a-2', 'flaky', Buffer.from('2'));
    await mb.send('a-3', 'broken', Buffer.from('3'));
    await mb.send('a-4', 'invalid', Buffer.from('4'));
    await waitFor('ok and flaky handled', async () => (await handledCount()) === 2);

    const rows = await handledRows();
    assert.deepEqual(rows.map((r) => r.process).sort(), ['flaky', 'ok']);
    const ok = seen.find((m) => m.type === 'ok')!;
    assert.equal(ok.messageId, id);
    assert.equal(ok.actorId, 'a-1');
    assert.equal(ok.headers.correlation_id, 'c-1');
    assert.deepEqual(
      seen.filter((m) => m.type === 'flaky').map((m) => m.attempt),
      [0, 1, 2],
    );

    const probe = await amqp.connect(urls.amqpUrl);
    const pch = await probe.createChannel();
    const parked: amqp.GetMessage[] = [];
    await waitFor('two parked messages', async () => {
      for (const q of mb.names.shardQueues) {
        const m = await pch.get(`${q}.parked`, { noAck: true });
        if (m) parked.push(m);
      }
      return parked.length === 2;
    });
    const errors = parked.map((m) => String(m.properties.headers!['x-last-error'])).sort();
    assert.deepEqual(errors, ['Error: always broken', 'ValidationError: payload: nonsense']);
    assert.equal(seen.filter((m) => m.type === 'broken').length, 3, 'first try and two retries');
    assert.equal(seen.filter((m) => m.type === 'invalid').length, 1, 'permanent: no retry');
    await probe.close();
  });
});
