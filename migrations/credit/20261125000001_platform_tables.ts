import type { Knex } from 'knex';
import { createIdempotencyTable, createPlatformTables, dropPlatformTables } from '@consorcio/shared/db';

// The schema and the tables every service has: outbox, inbox, aggregate versions, lock fences, reminders,
// idempotency keys (releases are idempotent by key).
export async function up(knex: Knex): Promise<void> {
  await knex.raw('create schema if not exists credit');
  await createPlatformTables(knex, 'credit');
  await createIdempotencyTable(knex, 'credit');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.withSchema('credit').dropTable('idempotency_keys');
  await dropPlatformTables(knex, 'credit');
}
