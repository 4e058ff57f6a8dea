import type { Knex } from 'knex';

// Each setting's value in force (JSON text, one row per key once it was first changed; the catalogue default
// applies while there is none) and every change: a proposal waiting for a second operator, or a history row.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.withSchema('settings').createTable('setting_values', (t) => {
    t.text('key').primary();
    t.text('value').notNullable();
    t.bigInteger('version').notNullable();
    t.uuid('change_id').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.text('updated_by').notNullable();
  });
  await knex.raw(
    'alter table settings.setting_values add constraint setting_values_version_positive check (version > 0)',
  );

  await knex.schema.withSchema('settings').createTable('setting_changes', (t) => {
    t.uuid('id').primary();
    t.text('key').notNullable();
    t.text('status').notNullable();
    t.bigInteger('base_version').notNullable();
    t.bigInteger('version');
    t.text('old_value').notNullable();
    t.text('new_value').notNullable();
    t.text('proposed_by').notNullable();
    t.timestamp('proposed_at', { useTz: true }).notNullable();
    t.text('confirmed_by');
    t.timestamp('confirmed_at', { useTz: true });
    t.text('rejected_by');
    t.timestamp('rejected_at', { useTz: true });
    t.text('reason').notNullable().defaultTo('');
    t.text('reject_reason').notNullable().defaultTo('');
    t.index(['key', 'id']);
    t.index(['status', 'id']);
  });
  await knex.raw(`alter table settings.setting_changes add constraint setting_changes_status_check
    check (status in ('PENDING','APPLIED','REJECTED','SUPERSEDED'))`);
  // Maker-checker in the data too: a confirmation is never the proposer's.
  await knex.raw(`alter table settings.setting_changes add constraint setting_changes_four_eyes
    check (confirmed_by is null or confirmed_by <> proposed_by)`);
  // One history row per version of a key.
  await knex.raw(`create unique index setting_changes_key_version on settings.setting_changes (key, version)
    where version is not null`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.withSchema('settings').dropTableIfExists('setting_changes');
  await knex.schema.withSchema('settings').dropTableIfExists('setting_values');
}
