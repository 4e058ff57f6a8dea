import type { Knex } from 'knex';
import { createIdempotencyTable, createPlatformTables, dropPlatformTables } from '@consorcio/shared/db';

// The schema and the tables every service has: outbox, inbox, aggregate versions, lock fences, reminders,
// idempotency keys (draws are idempotent by key).
export async function up(knex: Knex): Promise<void> {
  await knex.raw('create schema if not exists draws');
  await createPlatformTables(knex, 'draws');
  await createIdempotencyTable(knex, 'draws');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.withSchema('draws').dropTable('idempotency_keys');
  await dropPlatformTables(knex, 'draws');
}
