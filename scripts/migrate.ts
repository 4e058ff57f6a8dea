// Migrates service schemas: `npm run migrate` (every service) or `npm run migrate -- groups`.
// `--down` rolls a service's schema back completely (local resets only).
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { createDb, migrateDownAll, migrateUp } from '@consorcio/shared/db';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const down = args.includes('--down');
  const named = args.filter((a) => !a.startsWith('--'));
  const all = readdirSync(path.resolve(__dirname, '..', 'migrations'));
  const services = named.length > 0 ? named : all;
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is required');
  const db = createDb({ url, applicationName: 'migrate' });
  try {
    for (const service of services) {
      const names = down ? await migrateDownAll(db, service) : await migrateUp(db, service);
      console.log(`${service}: ${down ? 'rolled back' : 'applied'} ${names.length} migration(s)`);
    }
  } finally {
    await db.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
