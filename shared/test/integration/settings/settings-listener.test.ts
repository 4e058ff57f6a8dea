import assert from 'node:assert/strict';
import * as amqp from 'amqplib';
import { connectAmqp, type AmqpConnection } from '../../../src/bus';
import { eventually } from '../../../src/harness';
import { SETTING_CHANGED, SettingsChangeListener } from '../../../src/settings';
import { infraUrls, uniqueSuffix } from '../../../src/testing';

describe('SettingsChangeListener', function () {
  this.timeout(20_000);
  const exchange = `consorcio.events.t_${uniqueSuffix()}`;
  let connections: AmqpConnection[] = [];

  after(async () => {
    for (const c of connections) await c.close().catch(() => undefined);
    const conn = await amqp.connect(infraUrls('test').amqpUrl);
    const ch = await conn.createChannel();
    await ch.deleteExchange(exchange).catch(() => undefined);
    await conn.close();
  });

  it('tells every replica of every service about every change (one exclusive queue per process)', async () => {
    const heard = [0, 0, 0];
    const listeners = await Promise.all(
      ['groups', 'groups', 'documents'].map(async (service, i) => {
        const connection = await connectAmqp(infraUrls('test').amqpUrl, { name: `settings-listener-${i}` });
        connections.push(connection);
        const l = new SettingsChangeListener({ connection, service, exchange, onChange: () => heard[i]!++ });
        await l.start();
        return l;
      }),
    );
    // Each subscription reloads once at once (changes may have been missed before it).
    assert.deepEqual(heard, [1, 1, 1]);
    const conn = await amqp.connect(infraUrls('test').amqpUrl);
    const ch = await conn.createConfirmChannel();
    ch.publish(exchange, SETTING_CHANGED, Buffer.from('x'));
    ch.publish(exchange, 'settings.change.proposed', Buffer.from('y'));
    await ch.waitForConfirms();
    await eventually(() => heard.every((n) => n === 2));
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(heard, [2, 2, 2], 'only settings.setting.changed is heard');
    await conn.close();
    for (const l of listeners) await l.stop();
    for (const c of connections) await c.close();
    connections = [];
  });
});
