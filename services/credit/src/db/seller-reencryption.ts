import type { Knex } from 'knex';
import type { PersonalDataKeys } from '@consorcio/shared/crypto';
import { LETTERS } from './letters-repo';
import { resealSeller, type SellerColumns } from './seller-sealing';

/** Letters whose seller is not under the active key: sealed under an older key, or legacy plaintext. */
function pending(q: Knex.QueryBuilder, activeKeyId: string): Knex.QueryBuilder {
  return q.whereRaw('(pii_key_id <> ? or legacy_seller_name is not null)', [activeKeyId]);
}

/**
 * Re-encrypts one batch of letters whose seller is not under the active key in one transaction, and returns how
 * many rows it changed. `skipLocked` lets the background job pass rows another transaction holds (a letter's
 * release, say); the on-demand run waits for them instead.
 */
export async function reencryptSellerBatch(
  db: Knex,
  pii: PersonalDataKeys,
  o: { batchSize: number; skipLocked: boolean },
): Promise<number> {
  return db.transaction(async (trx) => {
    const q = pending(trx(LETTERS), pii.cipher.activeKeyId)
      .select('id', 'seller_name_enc', 'seller_document_enc', 'pii_key_id', 'legacy_seller_name')
      .select('legacy_seller_document')
      .orderBy('id')
      .limit(o.batchSize)
      .forUpdate();
    const rows = (await (o.skipLocked ? q.skipLocked() : q)) as (SellerColumns & { id: string })[];
    for (const row of rows) {
      const sealed = resealSeller(pii, row.id, row);
      if (sealed) await trx(LETTERS).where({ id: row.id }).update(sealed);
    }
    return rows.length;
  });
}

/** Re-encrypts every such letter, batch after batch, until none is left; returns the number of rows changed. */
export async function reencryptAllSellers(db: Knex, pii: PersonalDataKeys, batchSize = 200): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await reencryptSellerBatch(db, pii, { batchSize, skipLocked: false });
    if (n === 0) return total;
    total += n;
  }
}

/** How many letters still hold a seller that is not under `activeKeyId` (0: an older key may leave the ring). */
export async function sellersPending(db: Knex, activeKeyId: string): Promise<number> {
  const [row] = (await pending(db(LETTERS), activeKeyId).count('* as n')) as [{ n: string | number }];
  return Number(row.n);
}
