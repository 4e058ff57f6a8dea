import type { Knex } from 'knex';
import { createPlatformTables, dropPlatformTables } from '@consorcio/shared/db';

// The schema and the tables every service has: outbox, inbox, aggregate versions, projection versions, lock fences,
// reminders (the due-soon reminders live there).
export async function up(knex: Knex): Promise<void> {
  await knex.raw('create schema if not exists notifications');
  await createPlatformTables(knex, 'notifications');
}

export async function down(knex: Knex): Promise<void> {
  await dropPlatformTables(knex, 'notifications');
}
