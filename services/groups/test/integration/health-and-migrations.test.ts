import assert from 'node:assert/strict';
import { credentials, makeClientConstructor, type Client, type ServiceError } from '@grpc/grpc-js';
import { service as healthService } from 'grpc-health-check';
import { createDb, migrateDownAll, migrateUp } from '@consorcio/shared/db';
import { faultServer, infraUrls } from '@consorcio/shared/testing';
import { GROUPS_SERVICE_NAME } from '../../src/service';
import { eventually, startHarness, type Harness } from './harness';

type HealthClient = Client & {
  check(req: { service: string }, cb: (err: ServiceError | null, res: { status: string }) => void): void;
};
const HealthClient = makeClientConstructor(healthService, 'grpc.health.v1.Health') as unknown as new (
  address: string,
  creds: ReturnType<typeof credentials.createInsecure>,
) => HealthClient;

describe('groups health (fault servers)', function () {
  this.timeout(60_000);
  let h: Harness;
  let health: HealthClient;
  before(async () => {
    h = await startHarness('fault');
    health = new HealthClient(h.service.grpc.address, credentials.createInsecure());
  });
  after(async () => {
    faultServer('start', 'postgres');
    health.close();
    await h.stop();
  });

  const check = (service: string) =>
    new Promise<string>((resolve, reject) =>
      health.check({ service }, (err, res) => (err ? reject(err) : resolve(res.status))),
    );

  it('turns NOT_SERVING while PostgreSQL is stopped and SERVING when it returns', async () => {
    assert.equal(await check(GROUPS_SERVICE_NAME), 'SERVING');
    assert.equal(await check(''), 'SERVING');
    faultServer('stop', 'postgres');
    await eventually(async () => (await check(GROUPS_SERVICE_NAME)) === 'NOT_SERVING', 20_000);
    faultServer('start', 'postgres');
    await eventually(async () => (await check(GROUPS_SERVICE_NAME)) === 'SERVING', 20_000);
  });
});

describe('groups migrations', () => {
  it('run up and down and up again', async () => {
    const db = createDb({ url: infraUrls('test').databaseUrl });
    try {
      await db.raw('drop schema if exists groups cascade');
      const tables = async (): Promise<string[]> => {
        const names: string[] = await db('information_schema.tables')
          .where({ table_schema: 'groups' })
          .pluck('table_name');
        return names.filter((t) => !t.startsWith('knex_migrations'));
      };
      const applied = await migrateUp(db, 'groups');
      assert.ok(applied.length >= 2);
      assert.ok((await tables()).includes('quotas'));
      assert.ok((await tables()).includes('outbox'));
      const undone = await migrateDownAll(db, 'groups');
      assert.equal(undone.length, applied.length);
      assert.deepEqual(await tables(), []);
      assert.deepEqual(await migrateUp(db, 'groups'), applied);
    } finally {
      await db.destroy();
    }
  });
});
