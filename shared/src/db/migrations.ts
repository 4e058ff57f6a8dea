import path from 'node:path';
import type { Knex } from 'knex';

/** Where a service's knex migrations live: `migrations/<service>/` at the repository root. */
export function migrationsDirectory(service: string): string {
  return path.resolve(__dirname, '..', '..', '..', 'migrations', service);
}

function config(service: string): Knex.MigratorConfig {
  return {
    directory: migrationsDirectory(service),
    loadExtensions: ['.ts', '.js'],
    // Each service keeps its migration history in its own schema, beside its tables.
    schemaName: service,
    tableName: 'knex_migrations',
  };
}

/** Applies every pending migration of a service's schema; returns the names applied. */
export async function migrateUp(db: Knex, service: string): Promise<string[]> {
  await db.raw('create schema if not exists ??', [service]);
  const [, applied] = (await db.migrate.latest(config(service))) as [number, string[]];
  return applied;
}

/** Rolls back every migration of a service's schema (tests and local resets only). */
export async function migrateDownAll(db: Knex, service: string): Promise<string[]> {
  const [, undone] = (await db.migrate.rollback(config(service), true)) as [number, string[]];
  return undone;
}
