import type { Knex } from 'knex';
import { createPlatformTables, dropPlatformTables } from '@consorcio/shared/db';

// The schema and the tables every service has (the outbox carries settings.* events).
export async function up(knex: Knex): Promise<void> {
  await knex.raw('create schema if not exists settings');
  await createPlatformTables(knex, 'settings');
}

export async function down(knex: Knex): Promise<void> {
  await dropPlatformTables(knex, 'settings');
}
