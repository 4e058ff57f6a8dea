import type { Knex } from 'knex';

// The credit service's tables (domain §9, §10): its projection of groups' events (the analysis limits, the credit
// value timeline), letters with their usage, analysis and guarantee, releases (one per idempotency key), and index
// entries (one per group and adjustment period).
export async function up(knex: Knex): Promise<void> {
  const s = () => knex.schema.withSchema('credit');

  await s().createTable('groups', (t) => {
    t.uuid('id').primary();
    t.text('status').notNullable();
    t.integer('term_months').notNullable();
    t.bigInteger('credit_value').notNullable();
    t.bigInteger('max_income_commitment_pct').notNullable();
    t.bigInteger('min_guarantee_coverage_pct').notNullable();
    t.integer('credit_cash_out_days').notNullable();
    t.boolean('adjusts').notNullable();
    t.integer('due_day').notNullable();
    t.date('constituted_on');
    t.boolean('last_assembly_held').notNullable().defaultTo(false);
  });

  // Who holds each record (a letter's member), from groups' enrollment and transfer events.
  await s().createTable('quotas', (t) => {
    t.uuid('id').primary();
    t.uuid('group_id').notNullable();
    t.uuid('member_id').notNullable();
  });

  await s().createTable('letters', (t) => {
    t.uuid('id').primary(); // the contemplation id
    t.uuid('group_id').notNullable().references('id').inTable('credit.groups');
    t.uuid('quota_id').notNullable();
    t.integer('number').notNullable();
    t.integer('version').notNullable();
    t.uuid('member_id');
    t.text('status').notNullable();
    t.bigInteger('credit_amount').notNullable();
    t.bigInteger('balance').notNullable();
    t.bigInteger('released').notNullable().defaultTo(0);
    t.bigInteger('yield').notNullable().defaultTo(0);
    t.bigInteger('asset_costs').notNullable().defaultTo(0);
    t.bigInteger('credit_value_at_contemplation').notNullable();
    t.date('contemplated_on').notNullable();
    t.jsonb('usage');
    t.jsonb('analysis');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['member_id']);
  });
  await knex.raw(`alter table credit.letters
    add constraint letters_balance_check check (balance >= 0 and released >= 0 and credit_amount > 0)`);

  await s().createTable('releases', (t) => {
    t.uuid('id').primary();
    t.uuid('letter_id').notNullable().references('id').inTable('credit.letters');
    t.text('kind').notNullable();
    t.bigInteger('amount').notNullable();
    t.text('idempotency_key').notNullable().unique();
    t.timestamp('released_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await s().createTable('index_entries', (t) => {
    t.uuid('group_id').notNullable().references('id').inTable('credit.groups');
    t.integer('period').notNullable();
    t.bigInteger('variation_pct').notNullable();
    t.text('source').notNullable();
    t.text('entered_by').notNullable();
    t.text('confirmed_by');
    t.bigInteger('new_credit_value');
    t.primary(['group_id', 'period']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['index_entries', 'releases', 'letters', 'quotas', 'groups'])
    await knex.schema.withSchema('credit').dropTable(table);
}
