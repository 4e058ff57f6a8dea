import type { Knex } from 'knex';
import { createPlatformTables, dropPlatformTables } from '@consorcio/shared/db';

// The schema and the tables every service has (the outbox carries audit.checkpoint.signed).
export async function up(knex: Knex): Promise<void> {
  await knex.raw('create schema if not exists audit');
  await createPlatformTables(knex, 'audit');
}

export async function down(knex: Knex): Promise<void> {
  await dropPlatformTables(knex, 'audit');
}
