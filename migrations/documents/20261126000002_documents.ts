import type { Knex } from 'knex';

// The documents service's tables: what it knows of groups and records (from groups' and credit's events, for the
// contracts it generates and for retention), and every version of every document (the bytes live in the object
// store under their SHA-256; a purged version keeps its row and hash).
export async function up(knex: Knex): Promise<void> {
  const s = () => knex.schema.withSchema('documents');

  await s().createTable('groups', (t) => {
    t.uuid('id').primary();
    t.text('code').notNullable();
    t.integer('term_months').notNullable();
    t.bigInteger('credit_value').notNullable();
    t.bigInteger('admin_fee_total_pct').notNullable();
    t.bigInteger('admin_fee_upfront_pct').notNullable();
    t.bigInteger('reserve_fund_total_pct').notNullable();
    t.bigInteger('insurance_monthly_pct').notNullable();
    t.integer('max_quotas').notNullable();
    t.date('closed_on');
  });

  // Who holds each record: a member's documents are kept while any of their groups must keep them.
  await s().createTable('quotas', (t) => {
    t.uuid('id').primary();
    t.uuid('group_id').notNullable();
    t.uuid('member_id').notNullable();
    t.index(['member_id']);
  });

  await s().createTable('documents', (t) => {
    t.uuid('id').primary();
    t.text('kind').notNullable();
    t.uuid('owner_member_id');
    t.uuid('group_id');
    t.uuid('subject_id');
    t.text('name').notNullable();
    t.integer('version').notNullable();
    t.specificType('sha256', 'char(64)').notNullable();
    t.bigInteger('size').notNullable();
    t.text('content_type').notNullable();
    t.text('uploaded_by').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.date('retain_until');
    t.timestamp('purged_at', { useTz: true });
    t.text('source_event_id');
    t.index(['sha256']);
    t.index(['owner_member_id', 'created_at']);
    t.index(['group_id']);
    t.index(['subject_id']);
  });
  // One numbering per owner (the member, or the group for its minutes), kind and name.
  await knex.raw(`create unique index documents_version_key
    on documents.documents ((coalesce(owner_member_id, group_id)), kind, name, version)`);
  await knex.raw(`alter table documents.documents
    add constraint documents_owner_check check (owner_member_id is not null or group_id is not null),
    add constraint documents_version_check check (version >= 1 and size > 0)`);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['documents', 'quotas', 'groups']) await knex.schema.withSchema('documents').dropTable(table);
}
