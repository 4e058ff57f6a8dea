import type { Knex } from 'knex';

// A usage request's seller encrypted at rest (docs/personal-data.md): the seller may be a person, so its name and
// CPF/CNPJ leave the `usage` jsonb for encrypted columns (`v1:<keyId>:<iv>:<ciphertext+tag>`) with the row's key
// id beside them. A migration has no keys, so the plaintext of rows written before this one moves to
// `legacy_seller_name` / `legacy_seller_document` and the credit service's re-encryption job seals it and clears
// it; nothing writes them any more. Check constraints hold every row to one of three states — no seller (no usage
// requested), legacy or sealed — and keep the seller out of the jsonb.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.withSchema('credit').alterTable('letters', (t) => {
    t.text('seller_name_enc');
    t.text('seller_document_enc');
    t.text('pii_key_id');
    t.text('legacy_seller_name');
    t.text('legacy_seller_document');
    t.index(['pii_key_id']);
  });
  await knex.raw(`update credit.letters
    set legacy_seller_name = coalesce(usage ->> 'sellerName', ''),
        legacy_seller_document = coalesce(usage ->> 'sellerDocument', ''),
        usage = usage - 'sellerName' - 'sellerDocument'
    where usage ->> 'sellerName' is not null or usage ->> 'sellerDocument' is not null`);
  // The job's lookup of rows still in clear (partial: empty once everything is sealed, and on a fresh database).
  await knex.raw('create index letters_legacy_seller on credit.letters (id) where legacy_seller_name is not null');
  await knex.raw(`alter table credit.letters add constraint letters_seller_state check (
    (pii_key_id is null and seller_name_enc is null and seller_document_enc is null
      and (legacy_seller_name is null) = (legacy_seller_document is null))
    or (pii_key_id is not null and seller_name_enc is not null and seller_document_enc is not null
      and legacy_seller_name is null and legacy_seller_document is null))`);
  await knex.raw(`alter table credit.letters add constraint letters_usage_without_seller check (
    usage is null or (usage ->> 'sellerName' is null and usage ->> 'sellerDocument' is null))`);
}

export async function down(knex: Knex): Promise<void> {
  // The keys are not here to decrypt: going back is only possible while no row holds an encrypted seller.
  const [{ n }] = (await knex('credit.letters').whereNotNull('pii_key_id').count('* as n')) as [{ n: string | number }];
  if (Number(n) > 0) throw new Error('credit.letters holds encrypted sellers: this migration cannot be undone');
  await knex.raw('alter table credit.letters drop constraint letters_usage_without_seller');
  await knex.raw('alter table credit.letters drop constraint letters_seller_state');
  await knex.raw(`update credit.letters
    set usage = usage || jsonb_build_object('sellerName', legacy_seller_name, 'sellerDocument', legacy_seller_document)
    where legacy_seller_name is not null and usage is not null`);
  await knex.raw('drop index credit.letters_legacy_seller');
  await knex.schema.withSchema('credit').alterTable('letters', (t) => {
    for (const c of ['seller_name_enc', 'seller_document_enc', 'pii_key_id', 'legacy_seller_name']) t.dropColumn(c);
    t.dropColumn('legacy_seller_document');
  });
}
