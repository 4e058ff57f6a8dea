import type { Knex } from 'knex';

// Members' personal data encrypted at rest (docs/personal-data.md). Each field gets its own encrypted column
// (`v1:<keyId>:<iv>:<ciphertext+tag>`), the row its key id, the document a keyed blind index (HMAC-SHA256) for
// lookups and uniqueness, and `erased_at` for LGPD erasure. A migration has no keys, so the plaintext columns of
// rows written before this one are renamed `legacy_*` (nullable) and the groups service's re-encryption job seals
// them and clears them; nothing writes them any more, so on a fresh database they are always null, which the
// check constraint below holds the table to together with the other states a row may be in.
const LEGACY: [string, string][] = [
  ['document', 'legacy_document'],
  ['name', 'legacy_name'],
  ['email', 'legacy_email'],
  ['phone', 'legacy_phone'],
];

export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table groups.members drop constraint if exists members_document_unique');
  for (const [from, to] of LEGACY) {
    await knex.raw(`alter table groups.members rename column ${from} to ${to}`);
    await knex.raw(`alter table groups.members alter column ${to} drop not null, alter column ${to} drop default`);
  }
  // Empty contact fields were stored as '': as legacy values they would only block the constraint below.
  await knex.raw(
    `update groups.members set legacy_email = nullif(legacy_email, ''), legacy_phone = nullif(legacy_phone, '')`,
  );
  // Until the job has sealed them, a legacy row's document still blocks a duplicate registration: the lookup needs
  // an index (partial, so it is empty once every row is sealed, and on a fresh database).
  await knex.raw(
    'create index members_legacy_document on groups.members (legacy_document) where legacy_document is not null',
  );
  await knex.schema.withSchema('groups').alterTable('members', (t) => {
    t.text('document_index').unique();
    t.text('document_enc');
    t.text('name_enc');
    t.text('email_enc');
    t.text('phone_enc');
    t.text('address_enc');
    t.text('bank_account_enc');
    t.text('pii_key_id');
    t.timestamp('erased_at', { useTz: true });
    t.index(['pii_key_id']);
  });
  await knex.raw(`alter table groups.members add constraint members_personal_data_state check (
    (erased_at is not null and pii_key_id is null and document_index is null and document_enc is null
      and name_enc is null and email_enc is null and phone_enc is null and address_enc is null
      and bank_account_enc is null and legacy_document is null and legacy_name is null
      and legacy_email is null and legacy_phone is null)
    or (erased_at is null and pii_key_id is null and legacy_document is not null and legacy_name is not null)
    or (erased_at is null and pii_key_id is not null and document_index is not null and document_enc is not null
      and name_enc is not null and legacy_document is null and legacy_name is null and legacy_email is null
      and legacy_phone is null))`);
}

export async function down(knex: Knex): Promise<void> {
  // The keys are not here to decrypt: going back is only possible while no row holds encrypted data.
  const [{ n }] = (await knex('groups.members')
    .whereNotNull('pii_key_id')
    .orWhereNotNull('erased_at')
    .count('* as n')) as [{ n: string | number }];
  if (Number(n) > 0)
    throw new Error('groups.members holds encrypted or erased members: this migration cannot be undone');
  await knex.raw('alter table groups.members drop constraint members_personal_data_state');
  await knex.raw('drop index groups.members_legacy_document');
  await knex.schema.withSchema('groups').alterTable('members', (t) => {
    for (const c of ['document_index', 'document_enc', 'name_enc', 'email_enc', 'phone_enc', 'address_enc'])
      t.dropColumn(c);
    for (const c of ['bank_account_enc', 'pii_key_id', 'erased_at']) t.dropColumn(c);
  });
  await knex.raw(
    `update groups.members set legacy_email = coalesce(legacy_email, ''), legacy_phone = coalesce(legacy_phone, '')`,
  );
  for (const [from, to] of LEGACY) await knex.raw(`alter table groups.members rename column ${to} to ${from}`);
  await knex.raw(`alter table groups.members alter column document set not null, alter column name set not null,
    alter column email set not null, alter column email set default '', alter column phone set not null,
    alter column phone set default ''`);
  await knex.raw('alter table groups.members add constraint members_document_unique unique (document)');
}
