import type { Knex } from 'knex';
import { reencryptAll, type PersonalDataKeys, type SealedTable } from '@consorcio/shared/crypto';
import { LETTERS } from './letters-repo';
import { resealSeller, type SellerColumns } from './seller-sealing';

/** Letters whose seller is not under the active key: sealed under an older key, or legacy plaintext. */
function pending(q: Knex.QueryBuilder, activeKeyId: string): Knex.QueryBuilder {
  return q.whereRaw('(pii_key_id <> ? or legacy_seller_name is not null)', [activeKeyId]);
}

/** credit.letters as the shared re-encryption sees it: the sellers of usage requests. */
export function sealedSellers(pii: PersonalDataKeys): SealedTable<SellerColumns & { id: string }> {
  return {
    table: LETTERS,
    pending,
    columns: ['seller_name_enc', 'seller_document_enc', 'pii_key_id', 'legacy_seller_name', 'legacy_seller_document'],
    reseal: (row) => {
      const sealed = resealSeller(pii, row.id, row);
      return sealed ? { ...sealed } : undefined;
    },
  };
}

/** Re-encrypts every letter's seller not under the active key; answers the rows changed and those no key opens. */
export function reencryptAllSellers(
  db: Knex,
  pii: PersonalDataKeys,
  batchSize = 200,
): Promise<{ changed: number; unreadable: string[] }> {
  return reencryptAll(db, sealedSellers(pii), pii.cipher.activeKeyId, batchSize);
}

/** How many letters still hold a seller that is not under `activeKeyId` (0: an older key may leave the ring). */
export async function sellersPending(db: Knex, activeKeyId: string): Promise<number> {
  const [row] = (await pending(db(LETTERS), activeKeyId).count('* as n')) as [{ n: string | number }];
  return Number(row.n);
}
