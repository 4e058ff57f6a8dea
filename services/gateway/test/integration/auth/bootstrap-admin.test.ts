import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { ControlledClock } from '@consorcio/shared/clock';
import { createDb } from '@consorcio/shared/db';
import { ValidationError } from '@consorcio/shared/errors';
import { createLogger } from '@consorcio/shared/log';
import { infraUrls } from '@consorcio/shared/testing';
import { PasswordHasher, bootstrapAdmin, type BootstrapAdminDeps } from '../../../src/auth';
import { TEST_PASSWORD_PARAMS, freshGatewaySchema } from './harness';

describe('gateway auth: bootstrap admin (PostgreSQL)', () => {
  let db: Knex;
  let deps: BootstrapAdminDeps;
  const admin = { username: 'First.Admin', password: 'a very long secret' };

  before(() => {
    db = createDb({ url: infraUrls('test').databaseUrl, applicationName: 'gateway-bootstrap-test' });
    deps = {
      db,
      clock: new ControlledClock('2026-03-10T12:00:00Z'),
      log: createLogger({ service: 'gateway', level: 'silent' }),
      passwords: new PasswordHasher(TEST_PASSWORD_PARAMS),
    };
  });
  beforeEach(async () => freshGatewaySchema(db));
  after(async () => db.destroy());

  const admins = async () => db('gateway.users').whereRaw(`'ADMIN' = any(roles)`).select('username', 'roles');

  it('creates the configured admin once; later starts leave it alone', async () => {
    assert.equal(await bootstrapAdmin(deps, admin), 'created');
    assert.equal(await bootstrapAdmin(deps, admin), 'admin-exists');
    assert.equal(
      await bootstrapAdmin(deps, { username: 'second.admin', password: 'another long secret' }),
      'admin-exists',
    );
    assert.deepEqual(await admins(), [{ username: 'first.admin', roles: ['ADMIN'] }]);
    const { password_hash: hash } = (await db('gateway.users').where({ username: 'first.admin' }).first()) as {
      password_hash: string;
    };
    assert.ok(await deps.passwords.verify(hash, admin.password));
  });

  it('creates exactly one admin when replicas start together', async () => {
    const outcomes = await Promise.all([1, 2, 3].map(() => bootstrapAdmin(deps, admin)));
    assert.deepEqual(outcomes.sort(), ['admin-exists', 'admin-exists', 'created']);
    assert.equal((await admins()).length, 1);
  });

  it('creates a new admin when every admin is disabled', async () => {
    await bootstrapAdmin(deps, admin);
    await db('gateway.users').update({ disabled: true });
    assert.equal(await bootstrapAdmin(deps, { username: 'rescue.admin', password: 'a very long secret' }), 'created');
  });

  it('does nothing without configuration, and refuses a weak configured password', async () => {
    assert.equal(await bootstrapAdmin(deps, undefined), 'not-configured');
    await assert.rejects(bootstrapAdmin(deps, { username: 'admin', password: 'short' }), ValidationError);
    assert.deepEqual(await admins(), []);
  });
});
