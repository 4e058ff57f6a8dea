import type { Knex } from 'knex';
import { createPlatformTables, dropPlatformTables } from '@consorcio/shared/db';

// The schema and the tables every service has: outbox, inbox, aggregate versions, lock fences, reminders.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('create schema if not exists gateway');
  await createPlatformTables(knex, 'gateway');
}

export async function down(knex: Knex): Promise<void> {
  await dropPlatformTables(knex, 'gateway');
}
