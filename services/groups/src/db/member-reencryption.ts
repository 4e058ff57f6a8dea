import type { Knex } from 'knex';
import { DecryptionError, type PersonalDataKeys } from '@consorcio/shared/crypto';
import { resealMember, type PersonalColumns } from './member-sealing';

const TABLE = 'groups.members';

/** What one batch did: rows moved to the active key, the last id it looked at, and rows no key in the ring opens. */
export interface ReencryptionBatch {
  changed: number;
  /** Where the next batch starts (undefined: nothing was left after `afterId`). */
  lastId: string | undefined;
  unreadable: string[];
}

/**
 * Re-encrypts one batch of members whose personal data is not under the active key — sealed under an older key,
 * or legacy plaintext — in one transaction, in id order after `afterId`. A row no key of the ring opens (its key was
 * dropped from PII_KEYS, or it was tampered with) is left as it is and named in `unreadable`, so one bad row never
 * stops the rotation of the others. `skipLocked` lets the background job pass rows another transaction holds; the
 * on-demand run waits for them instead.
 */
export async function reencryptMemberBatch(
  db: Knex,
  pii: PersonalDataKeys,
  o: { batchSize: number; skipLocked: boolean; afterId?: string | undefined },
): Promise<ReencryptionBatch> {
  return db.transaction(async (trx) => {
    const q = trx(TABLE)
      .whereNull('erased_at')
      .whereRaw('pii_key_id is distinct from ?', [pii.cipher.activeKeyId])
      .whereRaw('(?::uuid is null or id > ?::uuid)', [o.afterId ?? null, o.afterId ?? null])
      .orderBy('id')
      .limit(o.batchSize)
      .forUpdate();
    const rows = (await (o.skipLocked ? q.skipLocked() : q)) as (PersonalColumns & { id: string })[];
    const unreadable: string[] = [];
    let changed = 0;
    for (const row of rows) {
      let sealed: ReturnType<typeof resealMember>;
      try {
        sealed = resealMember(pii, row.id, row);
      } catch (err) {
        if (!(err instanceof DecryptionError)) throw err;
        unreadable.push(row.id);
        continue;
      }
      await trx(TABLE).where({ id: row.id }).update(sealed);
      changed++;
    }
    return { changed, lastId: rows.at(-1)?.id, unreadable };
  });
}

/**
 * Re-encrypts every such member, batch after batch, until none is left; answers the rows changed and those no key
 * opens (left as they are).
 */
export async function reencryptAllMembers(
  db: Knex,
  pii: PersonalDataKeys,
  batchSize = 200,
): Promise<{ changed: number; unreadable: string[] }> {
  let changed = 0;
  const unreadable: string[] = [];
  let afterId: string | undefined;
  do {
    const batch = await reencryptMemberBatch(db, pii, { batchSize, skipLocked: false, afterId });
    changed += batch.changed;
    unreadable.push(...batch.unreadable);
    afterId = batch.lastId;
  } while (afterId !== undefined);
  return { changed, unreadable };
}
