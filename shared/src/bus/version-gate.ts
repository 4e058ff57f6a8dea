import type { Knex } from 'knex';
import { qualifiedTable } from '../db';

/**
 * Per-aggregate version gate for projections that must not go back in time: stores `version` as
 * the newest this consumer applied for the aggregate and resolves true, or resolves false (stale:
 * ack without effect) when the stored version is already ≥ `version`. Call it in the handler's
 * transaction, before the effect.
 */
export async function acceptNewerVersion(
  trx: Knex.Transaction,
  schema: string,
  consumer: string,
  aggregateId: string,
  version: number | bigint,
): Promise<boolean> {
  const res = await trx.raw<{ rows: unknown[] }>(
    `insert into ${qualifiedTable(schema, 'projection_versions')} as p (consumer, aggregate_id, version)
     values (?, ?, ?)
     on conflict (consumer, aggregate_id) do update set version = excluded.version
     where p.version < excluded.version
     returning version`,
    [consumer, aggregateId, String(version)],
  );
  return res.rows.length > 0;
}
