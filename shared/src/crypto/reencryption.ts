import type { Knex } from 'knex';
import { LeasedLoop } from '../bus';
import { RuleViolation } from '../errors';
import type { Logger } from '../log';
import { DecryptionError } from './field-cipher';

/**
 * A table whose rows hold personal data sealed by a {@link FieldCipher}: which rows are not under the active key, and
 * how one is sealed again. Each service holding personal data describes its own; the batching, the cursor, the
 * locking and the job are here once.
 */
export interface SealedTable<Row extends { id: string }> {
  /** The schema-qualified table, e.g. `groups.members`. */
  table: string;
  /** Narrows a query of the table to the rows not under `activeKeyId` (older key, or legacy plaintext). */
  pending(q: Knex.QueryBuilder, activeKeyId: string): Knex.QueryBuilder;
  /** The columns `reseal` reads (with `id`). */
  columns: readonly string[];
  /**
   * The row's new column values under the active key, or undefined when there is nothing to write.
   * @throws DecryptionError when no key of the ring opens it.
   */
  reseal(row: Row): Record<string, unknown> | undefined;
}

/** What one batch did: rows moved to the active key, the last id it looked at, and rows no key in the ring opens. */
export interface ReencryptionBatch {
  changed: number;
  /** Where the next batch starts (undefined: nothing was left after `afterId`). */
  lastId: string | undefined;
  unreadable: string[];
}

/**
 * Re-encrypts one batch of a table's rows not under the active key, in id order after `afterId`, in one transaction.
 * A row no key of the ring opens (its key dropped from PII_KEYS too early, or tampered with) is left as it is and
 * named in `unreadable`, so one bad row never stops the others. `skipLocked` lets a background job pass rows another
 * transaction holds; an on-demand run waits for them instead.
 */
export async function reencryptBatch<Row extends { id: string }>(
  db: Knex,
  target: SealedTable<Row>,
  activeKeyId: string,
  o: { batchSize: number; skipLocked: boolean; afterId?: string | undefined },
): Promise<ReencryptionBatch> {
  return db.transaction(async (trx) => {
    const q = target
      .pending(trx(target.table), activeKeyId)
      .whereRaw('(?::uuid is null or id > ?::uuid)', [o.afterId ?? null, o.afterId ?? null])
      .select('id', ...target.columns)
      .orderBy('id')
      .limit(o.batchSize)
      .forUpdate();
    const rows = (await (o.skipLocked ? q.skipLocked() : q)) as Row[];
    const unreadable: string[] = [];
    let changed = 0;
    for (const row of rows) {
      let sealed: Record<string, unknown> | undefined;
      try {
        sealed = target.reseal(row);
      } catch (err) {
        if (!(err instanceof DecryptionError)) throw err;
        unreadable.push(row.id);
        continue;
      }
      if (!sealed) continue;
      await trx(target.table).where({ id: row.id }).update(sealed);
      changed++;
    }
    return { changed, lastId: rows.at(-1)?.id, unreadable };
  });
}

/** Re-encrypts every such row, batch after batch; answers the rows changed and those no key opens (left as they are). */
export async function reencryptAll<Row extends { id: string }>(
  db: Knex,
  target: SealedTable<Row>,
  activeKeyId: string,
  batchSize = 200,
): Promise<{ changed: number; unreadable: string[] }> {
  let changed = 0;
  const unreadable: string[] = [];
  let afterId: string | undefined;
  do {
    const batch = await reencryptBatch(db, target, activeKeyId, { batchSize, skipLocked: false, afterId });
    changed += batch.changed;
    unreadable.push(...batch.unreadable);
    afterId = batch.lastId;
  } while (afterId !== undefined);
  return { changed, unreadable };
}

/**
 * The on-demand rotation (an admin's call): re-encrypts every row not under the active key, and answers how many it
 * changed once none is left.
 * @throws RuleViolation `unreadable_personal_data` naming the rows no key opens, after re-encrypting the others — their
 * key must come back to PII_KEYS before it may leave for good.
 */
export async function rotateTable<Row extends { id: string }>(
  db: Knex,
  target: SealedTable<Row>,
  activeKeyId: string,
): Promise<number> {
  const { changed, unreadable } = await reencryptAll(db, target, activeKeyId);
  if (unreadable.length > 0) {
    const some = unreadable.slice(0, 5).join(', ') + (unreadable.length > 5 ? ', …' : '');
    throw new RuleViolation(
      'unreadable_personal_data',
      `${changed} rows of ${target.table} re-encrypted; ${unreadable.length} are sealed under a key PII_KEYS no longer ` +
        `holds (${some}): put that key back in the ring`,
    );
  }
  return changed;
}

/**
 * The background re-encryption of one table (one replica at a time, a leased loop): after PII_ACTIVE_KEY_ID changes,
 * or with rows from before encryption, it moves every row to the active key, 200 a transaction, walking the table in
 * id order across ticks so rows no key opens are passed over (logged by id) rather than retried forever; then it
 * looks again every `intervalMs`. Logs ids and counts only.
 */
export function reencryptionJob<Row extends { id: string }>(o: {
  db: Knex;
  target: SealedTable<Row>;
  activeKeyId: string;
  leaseName: string;
  log: Logger;
  intervalMs: number;
}): LeasedLoop {
  let cursor: string | undefined;
  return new LeasedLoop({
    db: o.db,
    leaseName: o.leaseName,
    pollMs: o.intervalMs,
    tick: async () => {
      const batch = await reencryptBatch(o.db, o.target, o.activeKeyId, {
        batchSize: 200,
        skipLocked: true,
        afterId: cursor,
      });
      cursor = batch.lastId;
      const payload = { table: o.target.table, keyId: o.activeKeyId };
      if (batch.changed > 0) o.log.info({ payload: { ...payload, rows: batch.changed } }, 'personal data re-encrypted');
      if (batch.unreadable.length > 0) {
        o.log.error({ payload: { ...payload, ids: batch.unreadable } }, 'personal data no key of PII_KEYS opens');
      }
      return cursor !== undefined;
    },
    log: o.log,
    label: `personal data re-encryption (${o.target.table})`,
  });
}
