import type { Knex } from 'knex';
import { createPlatformTables, dropPlatformTables } from '@consorcio/shared/db';

// The schema and the tables every service has (outbox, inbox, projection versions, …).
export async function up(knex: Knex): Promise<void> {
  await knex.raw('create schema if not exists documents');
  await createPlatformTables(knex, 'documents');
}

export async function down(knex: Knex): Promise<void> {
  await dropPlatformTables(knex, 'documents');
}
