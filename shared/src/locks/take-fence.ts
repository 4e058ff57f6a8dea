import type { Knex } from 'knex';

/**
 * Takes the next fencing token for `resource` from `<schema>.lock_fences` and returns it.
 *
 * The token lives in Postgres, not in a Redis counter, because a Redis restart (or a failover to a
 * replica that missed the last INCR) could hand out a token again; a committed row only grows. Call it
 * while holding the lock, outside the caller's business transaction (or in its own), so the new token
 * is visible to every other holder at once.
 *
 * @param db a Knex instance or transaction
 * @param schema the service schema that holds `lock_fences (resource text primary key, token bigint not null)`
 * @param resource the lock's resource name, e.g. `lock:group:{42}`
 */
export async function takeFence(db: Knex | Knex.Transaction, schema: string, resource: string): Promise<bigint> {
  const result = await db.raw<{ rows: Array<{ token: string | number | bigint }> }>(
    `INSERT INTO ??.lock_fences AS f (resource, token) VALUES (?, 1)
     ON CONFLICT (resource) DO UPDATE SET token = f.token + 1
     RETURNING token`,
    [schema, resource],
  );
  const row = result.rows[0];
  if (!row) throw new Error(`lock_fences returned no token for ${resource}`);
  // int8 arrives as a string unless a type parser is installed; BigInt() accepts both.
  return BigInt(row.token);
}
