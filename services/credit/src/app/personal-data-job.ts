import type { Knex } from 'knex';
import { LeasedLoop } from '@consorcio/shared/bus';
import type { PersonalDataKeys } from '@consorcio/shared/crypto';
import type { Logger } from '@consorcio/shared/log';
import { reencryptSellerBatch } from '../db/seller-reencryption';

/** Rows re-encrypted per transaction by the background job. */
const BATCH_SIZE = 200;

/**
 * The background re-encryption of credit's personal data (one replica at a time, a leased loop): after
 * PII_ACTIVE_KEY_ID changes, or on a database with sellers stored before encryption, it moves every letter's seller
 * to the active key, batch by batch, then checks again every `intervalMs`. Logs counts only.
 */
export function sellerReencryptionJob(o: {
  db: Knex;
  pii: PersonalDataKeys;
  log: Logger;
  intervalMs: number;
}): LeasedLoop {
  return new LeasedLoop({
    db: o.db,
    leaseName: 'credit.personal-data-reencryption',
    pollMs: o.intervalMs,
    tick: async () => {
      const n = await reencryptSellerBatch(o.db, o.pii, { batchSize: BATCH_SIZE, skipLocked: true });
      if (n > 0) o.log.info({ payload: { rows: n, keyId: o.pii.cipher.activeKeyId } }, 'personal data re-encrypted');
      return n > 0;
    },
    log: o.log,
    label: 'personal data re-encryption',
  });
}
