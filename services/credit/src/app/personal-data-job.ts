import type { Knex } from 'knex';
import type { LeasedLoop } from '@consorcio/shared/bus';
import { reencryptionJob, type PersonalDataKeys } from '@consorcio/shared/crypto';
import type { Logger } from '@consorcio/shared/log';
import { sealedSellers } from '../db/seller-reencryption';

/**
 * The background re-encryption of credit's personal data (shared `reencryptionJob`, one replica at a time): after
 * PII_ACTIVE_KEY_ID changes, or with sellers stored before encryption, it moves every letter's seller to the active
 * key, then checks again every `intervalMs`.
 */
export function sellerReencryptionJob(o: {
  db: Knex;
  pii: PersonalDataKeys;
  log: Logger;
  intervalMs: number;
}): LeasedLoop {
  return reencryptionJob({
    db: o.db,
    target: sealedSellers(o.pii),
    activeKeyId: o.pii.cipher.activeKeyId,
    leaseName: 'credit.personal-data-reencryption',
    log: o.log,
    intervalMs: o.intervalMs,
  });
}
