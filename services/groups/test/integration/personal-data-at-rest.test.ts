import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { status, type ServiceError } from '@grpc/grpc-js';
import { BlindIndex, personalDataKeysFromConfig } from '@consorcio/shared/crypto';
import { createClient, promiseClient } from '@consorcio/shared/grpc';
import { createLogger } from '@consorcio/shared/log';
import { infraUrls } from '@consorcio/shared/testing';
import { migrationsDirectory } from '@consorcio/shared/db';
import type { Member } from '@consorcio/shared/gen/consorcio/groups/v1/groups';
import {
  GroupsServiceClient,
  type CreateMemberRequest,
  type GroupsServiceServer,
} from '@consorcio/shared/gen/consorcio/groups/v1/groups_service';
import { GROUPS_SERVICE_NAME, startGroupsService } from '../../src/service';
import { eventually, startHarness, testCpf, TEST_PII_ENV, type Harness } from './harness';
import { privateDatabase } from './private-database';
import { fullMember, secretsOf, storedText } from './fixtures/personal-data';
import { maskRefundAccount } from '../../src/domain';
import { reencryptAllMembers } from '../../src/db/member-reencryption';

const ENCRYPTION_MIGRATION = '20261126000001_members_personal_data_encrypted.ts';
const denied = (code: status) => (e: ServiceError) => e.code === code;

describe('members’ personal data at rest', () => {
  let h: Harness;
  const created: { request: CreateMemberRequest; member: Member }[] = [];

  let database: Awaited<ReturnType<typeof privateDatabase>>;

  before(async () => {
    database = await privateDatabase('groups_pii');
    h = await startHarness('test', undefined, { databaseUrl: database.url });
    for (let n = 1; n <= 3; n++) {
      const request = fullMember(n);
      created.push({ request, member: (await h.api.createMember(request)).member! });
    }
  });
  after(async () => {
    await h?.stop();
    await database?.drop();
  });

  it('stores no CPF, name, e-mail, phone, address or bank value in clear (raw rows and outbox)', async () => {
    await eventually(
      async () => (await h.api.getMember({ memberId: created[0]!.member.memberId, purpose: 't' })) !== null,
    );
    const text = await storedText(h);
    for (const { request } of created) {
      for (const secret of secretsOf(request)) assert.ok(!text.includes(secret), `found in plain text: ${secret}`);
    }
    const rows: Record<string, unknown>[] = await h.db('groups.members').select('*');
    for (const row of rows) {
      assert.equal(row.pii_key_id, 'k1');
      for (const c of ['document_enc', 'name_enc', 'email_enc', 'phone_enc', 'address_enc', 'bank_account_enc'])
        assert.match(String(row[c]), /^v1:k1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/, c);
      assert.match(String(row.document_index), /^[0-9a-f]{64}$/);
      for (const c of ['legacy_document', 'legacy_name', 'legacy_email', 'legacy_phone']) assert.equal(row[c], null, c);
    }
  });

  it('answers GetMember decrypted, the document masked', async () => {
    const { request, member } = created[1]!;
    const got = (await h.api.getMember({ memberId: member.memberId, purpose: 'support_call' })).member!;
    assert.equal(got.name, request.name);
    assert.equal(got.email, request.email);
    assert.equal(got.phone, request.phone);
    assert.deepEqual(got.address, request.address);
    // Ordinary answers mask the refund account; the export (member-lgpd.test.ts) carries it whole.
    assert.deepEqual(got.bankAccount, maskRefundAccount(request.bankAccount!));
    assert.notEqual(got.bankAccount.account, request.bankAccount!.account);
    const d = request.document;
    assert.equal(got.documentMasked, `***.${d.slice(3, 6)}.${d.slice(6, 9)}-**`);
  });

  it('refuses a second member with the same CPF, found through the blind index (punctuation or not)', async () => {
    const d = testCpf(2);
    const again = { ...fullMember(9), document: `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6, 9)}-${d.slice(9)}` };
    await assert.rejects(h.api.createMember(again), (e: ServiceError) => {
      assert.equal(e.code, status.ALREADY_EXISTS);
      assert.ok(!e.message.includes(d), 'the error never repeats the document');
      return true;
    });
  });

  it('validates the address and bank account, naming each field', async () => {
    const bad = fullMember(10);
    bad.address = { ...bad.address!, state: 'XX', postalCode: '123' };
    bad.bankAccount = { bankCode: '1', branch: '', account: '', pixKey: 'not a key' };
    bad.name = 'J';
    await assert.rejects(h.api.createMember(bad), (e: ServiceError) => {
      assert.equal(e.code, status.INVALID_ARGUMENT);
      for (const f of [
        'name',
        'address.state',
        'address.postal_code',
        'bank_account.bank_code',
        'bank_account.pix_key',
      ])
        assert.ok(e.details.includes(f), `${f} in ${e.details}`);
      return true;
    });
  });

  it('rotates k1 → k2: every row re-encrypted under k2, values unchanged, only admins may ask', async () => {
    const k2 = personalDataKeysFromConfig({ ...TEST_PII_ENV, PII_ACTIVE_KEY_ID: 'k2' });
    const other = await startGroupsService({
      ...serviceOptions(h),
      personalData: k2,
    });
    const client = createClient(GroupsServiceClient, GROUPS_SERVICE_NAME, other.grpc.address, {
      bearerToken: () => h.token(['ADMIN']),
    });
    const api = promiseClient<GroupsServiceServer>(client);
    try {
      await assert.rejects(api.rotatePersonalDataKey({}, await h.as(['OPERATOR'])), denied(status.PERMISSION_DENIED));
      const before: Record<string, string>[] = await h.db('groups.members').select('*').orderBy('id');
      const r = await api.rotatePersonalDataKey({});
      assert.equal(r.activeKeyId, 'k2');
      assert.equal(r.rowsReencrypted, BigInt(created.length));
      const after: Record<string, string>[] = await h.db('groups.members').select('*').orderBy('id');
      for (const [i, row] of after.entries()) {
        assert.equal(row.pii_key_id, 'k2');
        for (const c of ['document_enc', 'name_enc', 'email_enc', 'phone_enc', 'address_enc', 'bank_account_enc']) {
          assert.ok(row[c]!.startsWith('v1:k2:'), c);
          assert.notEqual(row[c], before[i]![c]);
        }
        assert.equal(row.document_index, before[i]!.document_index, 'the blind index does not depend on the key ring');
      }
      assert.equal((await api.rotatePersonalDataKey({})).rowsReencrypted, 0n, 'nothing left to do');
      for (const { request, member } of created) {
        const got = (await api.getMember({ memberId: member.memberId, purpose: 'after_rotation' })).member!;
        assert.equal(got.name, request.name);
        assert.deepEqual(got.bankAccount, maskRefundAccount(request.bankAccount!));
        // The first service still has k2 in its ring: it reads the re-encrypted rows too.
        assert.equal((await h.api.getMember({ memberId: member.memberId, purpose: 't' })).member!.name, request.name);
      }
      await assert.rejects(api.createMember(fullMember(1)), denied(status.ALREADY_EXISTS));
    } finally {
      client.close();
      await other.stop();
    }
  });

  it('passes over rows no key of the ring opens, and rotates them once their key is back', async () => {
    const k3 = `k3:${randomBytes(32).toString('base64')}`;
    const onlyK3 = personalDataKeysFromConfig({ ...TEST_PII_ENV, PII_KEYS: k3, PII_ACTIVE_KEY_ID: 'k3' });
    const lost = await reencryptAllMembers(h.db, onlyK3, 2);
    assert.equal(lost.changed, 0);
    assert.equal(lost.unreadable.length, created.length, 'every row is named, none is lost or half written');
    const withOld = personalDataKeysFromConfig({
      ...TEST_PII_ENV,
      PII_KEYS: `${TEST_PII_ENV.PII_KEYS},${k3}`,
      PII_ACTIVE_KEY_ID: 'k3',
    });
    const back = await reencryptAllMembers(h.db, withOld, 2);
    assert.deepEqual([back.changed, back.unreadable.length], [created.length, 0]);
    // Back under the harness's own keys for the tests after this one.
    const home = personalDataKeysFromConfig({
      ...TEST_PII_ENV,
      PII_KEYS: `${TEST_PII_ENV.PII_KEYS},${k3}`,
    });
    assert.equal((await reencryptAllMembers(h.db, home)).changed, created.length);
  });

  it('does not decrypt a value moved to another row (AAD binds it to its member)', async () => {
    const [a, b] = created.map((c) => c.member.memberId);
    const rowA: { name_enc: string } = await h.db('groups.members').where({ id: a }).first('name_enc');
    const rowB: { name_enc: string } = await h.db('groups.members').where({ id: b }).first('name_enc');
    await h.db('groups.members').where({ id: b }).update({ name_enc: rowA.name_enc });
    await assert.rejects(h.api.getMember({ memberId: b!, purpose: 't' }), denied(status.INTERNAL));
    await h.db('groups.members').where({ id: b }).update({ name_enc: rowB.name_enc });
    // A blind index under another key finds nothing: the index is keyed.
    const stranger = new BlindIndex(Buffer.alloc(32, 9));
    const found = await h
      .db('groups.members')
      .where({ document_index: stranger.ofDocument(testCpf(1)) })
      .first('id');
    assert.equal(found, undefined);
  });
});

describe('members stored before encryption (legacy plaintext rows)', () => {
  let h: Harness;
  let database: Awaited<ReturnType<typeof privateDatabase>>;
  const id = '01930000-0000-7000-8000-00000000abcd';
  const legacyCpf = testCpf(77);

  before(async () => {
    database = await privateDatabase('groups_pii_legacy');
    // The re-encryption job checks every 100 ms here (a minute by default).
    h = await startHarness('test', undefined, { databaseUrl: database.url, reencryptIntervalMs: 100 });
  });
  after(async () => {
    await h?.stop();
    await database?.drop();
  });

  it('are sealed by the background job, their plaintext cleared, and still found by CPF', async () => {
    // A row as it was stored before this migration: roll it back, insert plaintext, migrate again.
    const migrator = {
      directory: migrationsDirectory('groups'),
      loadExtensions: ['.ts'],
      schemaName: 'groups',
      tableName: 'knex_migrations',
    };
    await h.db.migrate.down({ ...migrator, name: ENCRYPTION_MIGRATION });
    await h.db('groups.members').insert({
      id,
      kind: 'PERSON',
      document: legacyCpf,
      name: 'Legado Quintanilha Antigo',
      email: 'legado.antigo@example.com',
      phone: '11912345678',
    });
    await h.db.migrate.latest(migrator);
    const migrated: Record<string, unknown> = await h.db('groups.members').where({ id }).first();
    assert.equal(migrated.legacy_name, 'Legado Quintanilha Antigo', 'the migration keeps the plaintext for the job');
    await eventually(async () => {
      const row: { pii_key_id: string | null } = await h.db('groups.members').where({ id }).first('pii_key_id');
      return row.pii_key_id === 'k1';
    }, 10_000);
    const row: Record<string, unknown> = await h.db('groups.members').where({ id }).first();
    for (const c of ['legacy_document', 'legacy_name', 'legacy_email', 'legacy_phone']) assert.equal(row[c], null, c);
    assert.ok(!JSON.stringify(row).includes('Legado') && !JSON.stringify(row).includes(legacyCpf));
    const got = (await h.api.getMember({ memberId: id, purpose: 't' })).member!;
    assert.equal(got.name, 'Legado Quintanilha Antigo');
    assert.equal(got.email, 'legado.antigo@example.com');
    await assert.rejects(h.api.createMember({ ...fullMember(11), document: legacyCpf }), denied(status.ALREADY_EXISTS));
  });

  it('refuses plaintext beside encrypted data (the table check constraint)', async () => {
    await assert.rejects(
      h.db('groups.members').where({ id }).update({ legacy_name: 'Plain Again' }),
      /members_personal_data_state/,
    );
  });
});

/** The options the harness's service runs with, for a second instance on the same schema and exchange. */
function serviceOptions(h: Harness) {
  const urls = infraUrls('test');
  return {
    databaseUrl: h.databaseUrl,
    amqpUrl: urls.amqpUrl,
    host: '127.0.0.1',
    port: 0,
    clock: h.clock,
    log: createLogger({ service: 'groups', level: 'silent' }),
    exchange: h.exchange,
    relayPollMs: 50,
    authenticate: h.authenticate,
  };
}
