import type { Knex } from 'knex';
import { createIdempotencyTable } from '@consorcio/shared/db';

// Groups, members and quota records. Money is bigint centavos; the group's parameters are one
// jsonb document (bigints as decimal strings) because they are read and written whole.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.withSchema('groups').createTable('groups', (t) => {
    t.uuid('id').primary();
    t.text('code').notNullable().unique();
    t.text('status').notNullable();
    t.jsonb('parameters').notNullable();
    t.bigInteger('credit_value_now').notNullable();
    t.integer('assemblies_held').notNullable().defaultTo(0);
    t.date('published_on');
    t.date('formation_deadline');
    t.date('constituted_on');
    t.date('last_assembly_on');
    t.date('closing_notices_sent_on');
    t.date('closed_on');
    t.boolean('dissolved').notNullable().defaultTo(false);
    t.text('cancel_reason');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['status', 'id']);
  });
  await knex.raw(`alter table groups.groups add constraint groups_status_check check (status in
    ('DRAFT','FORMING','ACTIVE','WINDING_UP','CLOSED','CANCELLED'))`);
  await knex.raw('alter table groups.groups add constraint groups_credit_positive check (credit_value_now > 0)');

  await knex.schema.withSchema('groups').createTable('members', (t) => {
    t.uuid('id').primary();
    t.text('kind').notNullable();
    // Personal data lives only in this table; events and logs carry the member id.
    t.text('document').notNullable().unique();
    t.text('name').notNullable();
    t.text('email').notNullable().defaultTo('');
    t.text('phone').notNullable().defaultTo('');
    t.uuid('spouse_member_id').references('id').inTable('groups.members');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`alter table groups.members add constraint members_kind_check check (kind in ('PERSON','COMPANY'))`);

  await knex.schema.withSchema('groups').createTable('quotas', (t) => {
    t.uuid('id').primary();
    t.uuid('group_id').notNullable().references('id').inTable('groups.groups');
    t.integer('number').notNullable();
    t.integer('version').notNullable();
    t.text('status').notNullable();
    t.uuid('member_id').references('id').inTable('groups.members');
    t.integer('enrolled_at_period');
    t.boolean('insurance_opt_in').notNullable().defaultTo(false);
    t.text('channel');
    t.date('enrolled_on');
    t.integer('assemblies_held_at_enrollment');
    t.text('exclusion_reason');
    t.date('excluded_on');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['group_id', 'number', 'version']);
    t.index(['group_id', 'status']);
    t.index(['member_id']);
  });
  await knex.raw(`alter table groups.quotas add constraint quotas_status_check check (status in
    ('AVAILABLE','ENROLLED','ACTIVE','DELINQUENT','CONTEMPLATED','CONTEMPLATED_DELINQUENT','SETTLED',
     'EXCLUDED','REFUND_AWARDED','REFUNDED','WITHDRAWN','CLOSED'))`);
  await knex.raw(
    `alter table groups.quotas add constraint quotas_number_version_check check (number >= 1 and version >= 1)`,
  );
  // The last line of defence behind the group row lock: a seat has at most one live record.
  await knex.raw(`create unique index quotas_one_live_record_per_seat on groups.quotas (group_id, number)
    where status in ('AVAILABLE','ENROLLED','ACTIVE','DELINQUENT','CONTEMPLATED','CONTEMPLATED_DELINQUENT','SETTLED')`);

  // Idempotency of commands that create something (enroll, transfer): same key, same answer.
  await createIdempotencyTable(knex, 'groups');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.withSchema('groups').dropTable('idempotency_keys');
  await knex.schema.withSchema('groups').dropTable('quotas');
  await knex.schema.withSchema('groups').dropTable('members');
  await knex.schema.withSchema('groups').dropTable('groups');
}
