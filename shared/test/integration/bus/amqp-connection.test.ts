import assert from 'node:assert/strict';
import { checkAmqp, connectAmqp } from '../../../src/bus';
import { infraUrls } from '../../../src/testing';
import { memoryLogger } from './fixtures/harness';

const urls = infraUrls('test');
const DEAD_URL = 'amqp://guest:guest@127.0.0.1:1';

describe('bus: connectAmqp and checkAmqp (integration)', function () {
  this.timeout(15_000);

  it('answers true for a live broker, by URL or by connection', async () => {
    assert.equal(await checkAmqp(urls.amqpUrl), true);
    const conn = await connectAmqp(urls.amqpUrl, { name: 'health-test' });
    try {
      assert.equal(await checkAmqp(conn), true);
    } finally {
      await conn.close();
    }
  });

  it('answers false, quickly and without throwing, for a broker that is not there', async () => {
    const started = Date.now();
    assert.equal(await checkAmqp(DEAD_URL, 500), false);
    const log = memoryLogger();
    // waitForConnect: false returns at once and keeps retrying in the background.
    const conn = await connectAmqp(DEAD_URL, { log, waitForConnect: false, maxDelayMs: 200 });
    try {
      assert.equal(await checkAmqp(conn, 500), false);
    } finally {
      await conn.close();
    }
    assert.ok(Date.now() - started < 3_000);
    assert.ok(log.lines.some((l) => l.includes('amqp connect failed; retrying')));
  });
});
