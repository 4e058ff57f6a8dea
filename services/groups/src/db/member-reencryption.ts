import type { Knex } from 'knex';
import type { PersonalDataKeys } from '@consorcio/shared/crypto';
import { resealMember, type PersonalColumns } from './member-sealing';

const TABLE = 'groups.members';

/**
 * Re-encrypts one batch of members whose personal data is not under the active key — sealed under an older key,
 * or legacy plaintext — in one transaction, and returns how many rows it changed. `skipLocked` lets the background
 * job pass rows another transaction holds; the on-demand run waits for them instead.
 */
export async function reencryptMemberBatch(
  db: Knex,
  pii: PersonalDataKeys,
  o: { batchSize: number; skipLocked: boolean },
): Promise<number> {
  return db.transaction(async (trx) => {
    const q = trx(TABLE)
      .whereNull('erased_at')
      .whereRaw('pii_key_id is distinct from ?', [pii.cipher.activeKeyId])
      .orderBy('id')
      .limit(o.batchSize)
      .forUpdate();
    const rows = (await (o.skipLocked ? q.skipLocked() : q)) as (PersonalColumns & { id: string })[];
    for (const row of rows)
      await trx(TABLE)
        .where({ id: row.id })
        .update(resealMember(pii, row.id, row));
    return rows.length;
  });
}

/** Re-encrypts every such member, batch after batch, until none is left; returns the number of rows changed. */
export async function reencryptAllMembers(db: Knex, pii: PersonalDataKeys, batchSize = 200): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await reencryptMemberBatch(db, pii, { batchSize, skipLocked: false });
    if (n === 0) return total;
    total += n;
  }
}
