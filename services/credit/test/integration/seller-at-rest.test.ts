import assert from 'node:assert/strict';
import { status, type ServiceError } from '@grpc/grpc-js';
import { generatePersonalDataEnv, personalDataKeysFromConfig } from '@consorcio/shared/crypto';
import { migrationsDirectory } from '@consorcio/shared/db';
import { activeGroup, eventually } from '../../../payments/test/integration/harness';
import { reencryptAllSellers, sellersPending } from '../../src/db/seller-reencryption';
import { startCreditHarness, type CreditHarness } from './harness';
import { contemplate, requestUsageFrom, storedText } from './fixtures/letters';

const ENCRYPTION_MIGRATION = '20261126000001_letters_seller_encrypted.ts';
const SEALED = /^v1:k1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/;
/** A used car sold by a person (CPF) and a new one by a business (CNPJ). */
const SELLERS = [
  { name: 'Joaquim Pereira Barbosa', document: '529.982.247-25', digits: '52998224725' },
  { name: 'Revendedora Tupiniquim Ltda', document: '11.222.333/0001-81', digits: '11222333000181' },
];
const SELLER_COLUMNS = ['seller_name_enc', 'seller_document_enc'];

describe('credit: a usage request’s seller at rest', function () {
  this.timeout(120_000);
  const env = generatePersonalDataEnv(['k1', 'k2']);
  let h: CreditHarness;
  const letters: string[] = [];
  before(async () => {
    // The background job would move rows back to k1 (the harness's active key) after the rotation below: it only
    // checks at start here.
    h = await startCreditHarness({ personalData: personalDataKeysFromConfig(env), reencryptIntervalMs: 3_600_000 });
    const { groupId, quotas } = await activeGroup(h);
    await eventually(async () => (await h.db('credit.groups').where({ id: groupId, status: 'ACTIVE' })).length === 1);
    for (const [i, seller] of SELLERS.entries()) {
      const letterId = await contemplate(h, groupId, quotas[i]!);
      await requestUsageFrom(h, letterId, seller);
      letters.push(letterId);
    }
  });
  after(async () => h?.stop());

  it('stores neither the seller’s name nor its CPF/CNPJ in clear (raw rows and outbox)', async () => {
    const text = await storedText(h);
    for (const s of SELLERS)
      for (const secret of [s.name, s.document, s.digits])
        assert.ok(!text.includes(secret), `found in plain text: ${secret}`);
    const rows: Record<string, unknown>[] = await h.db('credit.letters').whereIn('id', letters);
    assert.equal(rows.length, SELLERS.length);
    for (const row of rows) {
      assert.equal(row.pii_key_id, 'k1');
      for (const c of SELLER_COLUMNS) assert.match(String(row[c]), SEALED, c);
      assert.equal(row.legacy_seller_name, null);
      assert.equal(row.legacy_seller_document, null);
      const usage = row.usage as Record<string, unknown>;
      assert.equal(usage.assetDescription, 'Hatch 1.0 2019, usado', 'the rest of the request stays in the jsonb');
      assert.ok(!('sellerName' in usage) && !('sellerDocument' in usage));
    }
  });

  it('answers GetLetter and ListLetters with the seller decrypted', async () => {
    for (const [i, s] of SELLERS.entries()) {
      const { letter } = await h.creditApi.getLetter({ letterId: letters[i]! });
      assert.equal(letter!.usage!.sellerName, s.name);
      assert.equal(letter!.usage!.sellerDocument, s.digits);
      assert.equal(letter!.usage!.priceCentavos, 600_000n);
      const listed = await h.creditApi.listLetters({ memberId: letter!.memberId });
      assert.equal(listed.letters.find((l) => l.letterId === letters[i])!.usage!.sellerName, s.name);
    }
  });

  it('rotates k1 → k2: every seller re-encrypted under k2, values unchanged', async () => {
    const k2 = personalDataKeysFromConfig({ ...env, PII_ACTIVE_KEY_ID: 'k2' });
    const before: Record<string, string>[] = await h.db('credit.letters').whereIn('id', letters).orderBy('id');
    assert.equal(await sellersPending(h.db, 'k2'), letters.length);
    assert.equal((await reencryptAllSellers(h.db, k2)).changed, letters.length);
    const after: Record<string, string>[] = await h.db('credit.letters').whereIn('id', letters).orderBy('id');
    for (const [i, row] of after.entries()) {
      assert.equal(row.pii_key_id, 'k2');
      for (const c of SELLER_COLUMNS) {
        assert.ok(row[c]!.startsWith('v1:k2:'), c);
        assert.notEqual(row[c], before[i]![c]);
      }
    }
    assert.equal(await sellersPending(h.db, 'k2'), 0, 'k1 may leave the ring');
    assert.equal((await reencryptAllSellers(h.db, k2)).changed, 0, 'nothing left to do');
    // The service (k1 active, k2 in its ring) reads the re-encrypted rows.
    for (const [i, s] of SELLERS.entries())
      assert.equal((await h.creditApi.getLetter({ letterId: letters[i]! })).letter!.usage!.sellerName, s.name);
  });

  it("rotates on an admin's call to the service's active key (an operator may not)", async () => {
    await assert.rejects(
      h.creditApi.rotatePersonalDataKey({}),
      (e: ServiceError) => e.code === status.PERMISSION_DENIED,
    );
    const r = await h.creditApi.rotatePersonalDataKey({}, await h.tokens.as(['ADMIN']));
    assert.equal(r.activeKeyId, 'k1');
    assert.ok(r.rowsReencrypted >= BigInt(letters.length), `${r.rowsReencrypted} rows moved back to k1`);
    assert.equal(await sellersPending(h.db, 'k1'), 0);
  });

  it('does not decrypt a seller moved to another letter, and keeps the seller out of the jsonb', async () => {
    const [a, b] = letters;
    const rowA: { seller_name_enc: string } = await h.db('credit.letters').where({ id: a }).first('seller_name_enc');
    const rowB: { seller_name_enc: string } = await h.db('credit.letters').where({ id: b }).first('seller_name_enc');
    await h.db('credit.letters').where({ id: b }).update({ seller_name_enc: rowA.seller_name_enc });
    await assert.rejects(h.creditApi.getLetter({ letterId: b! }), (e: ServiceError) => e.code === status.INTERNAL);
    await h.db('credit.letters').where({ id: b }).update({ seller_name_enc: rowB.seller_name_enc });
    await assert.rejects(
      h.db.raw(`update credit.letters set usage = usage || '{"sellerName": "Plain Again"}' where id = ?`, [a!]),
      /letters_usage_without_seller/,
    );
    await assert.rejects(
      h.db('credit.letters').where({ id: a }).update({ legacy_seller_name: 'Plain Again' }),
      /letters_seller_state/,
    );
  });
});

describe('credit: sellers stored before encryption (legacy plaintext rows)', function () {
  this.timeout(120_000);
  let h: CreditHarness;
  before(async () => {
    // The re-encryption job checks every 100 ms here (a minute by default).
    h = await startCreditHarness({ reencryptIntervalMs: 100 });
  });
  after(async () => h?.stop());

  it('are moved out of the jsonb by the migration, sealed by the background job, and still answered', async () => {
    const { groupId, quotas } = await activeGroup(h);
    await eventually(async () => (await h.db('credit.groups').where({ id: groupId, status: 'ACTIVE' })).length === 1);
    const letterId = await contemplate(h, groupId, quotas[0]!);
    const [seller] = SELLERS;
    // A usage as it was stored before this migration: roll it back, store the seller in the jsonb, migrate again.
    const migrator = {
      directory: migrationsDirectory('credit'),
      loadExtensions: ['.ts'],
      schemaName: 'credit',
      tableName: 'knex_migrations',
    };
    await h.db.migrate.down({ ...migrator, name: ENCRYPTION_MIGRATION });
    const usage = {
      assetDescription: 'Sedan 2.0 2018, usado',
      sellerName: seller!.name,
      sellerDocument: seller!.digits,
      priceCentavos: '600000',
      documents: [{ name: 'proposal.pdf', sha256: 'a'.repeat(64) }],
      requestedAt: '2025-03-10T15:00:00.000Z',
    };
    await h
      .db('credit.letters')
      .where({ id: letterId })
      .update({ usage: JSON.stringify(usage), status: 'UNDER_ANALYSIS' });
    await h.db.migrate.latest(migrator);
    const migrated: Record<string, unknown> = await h.db('credit.letters').where({ id: letterId }).first();
    assert.equal(migrated.legacy_seller_name, seller!.name, 'the migration keeps the plaintext for the job');
    assert.ok(!('sellerName' in (migrated.usage as object)), 'and takes it out of the jsonb');
    await eventually(async () => {
      const row: { pii_key_id: string | null } = await h
        .db('credit.letters')
        .where({ id: letterId })
        .first('pii_key_id');
      return row.pii_key_id === 'k1';
    }, 15_000);
    const row: Record<string, unknown> = await h.db('credit.letters').where({ id: letterId }).first();
    assert.equal(row.legacy_seller_name, null);
    assert.equal(row.legacy_seller_document, null);
    for (const c of SELLER_COLUMNS) assert.match(String(row[c]), SEALED, c);
    const text = JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
    assert.ok(!text.includes(seller!.name) && !text.includes(seller!.digits));
    const { letter } = await h.creditApi.getLetter({ letterId });
    assert.equal(letter!.usage!.sellerName, seller!.name);
    assert.equal(letter!.usage!.sellerDocument, seller!.digits);
    assert.equal(letter!.usage!.assetDescription, 'Sedan 2.0 2018, usado');
  });
});
