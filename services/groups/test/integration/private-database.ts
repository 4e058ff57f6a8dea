import { createDb } from '@consorcio/shared/db';
import { infraUrls, uniqueSuffix } from '@consorcio/shared/testing';

/**
 * A database of its own on the test server, for suites that read raw rows across several service instances: other
 * suites (run at the same time by other people) drop and re-create the shared `groups` schema. Drop it when done.
 */
export async function privateDatabase(label: string): Promise<{ url: string; drop(): Promise<void> }> {
  const base = infraUrls('test').databaseUrl;
  const name = `${label}_${uniqueSuffix()}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const admin = createDb({ url: base });
  await admin.raw('create database ??', [name]);
  await admin.destroy();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const db = createDb({ url: base });
      try {
        await db.raw('drop database if exists ?? with (force)', [name]);
      } finally {
        await db.destroy();
      }
    },
  };
}
