import type { Knex } from 'knex';
import { reencryptionJob, type PersonalDataKeys } from '@consorcio/shared/crypto';
import type { LeasedLoop } from '@consorcio/shared/bus';
import type { Logger } from '@consorcio/shared/log';
import { sealedMembers } from '../db/member-reencryption';

/**
 * The background re-encryption of members' personal data (shared `reencryptionJob`, one replica at a time): after
 * PII_ACTIVE_KEY_ID changes, or on a database with rows from before encryption, it moves every member to the
 * active key, then checks again every `intervalMs`.
 */
export function personalDataReencryptionJob(o: {
  db: Knex;
  pii: PersonalDataKeys;
  log: Logger;
  intervalMs: number;
}): LeasedLoop {
  return reencryptionJob({
    db: o.db,
    target: sealedMembers(o.pii),
    activeKeyId: o.pii.cipher.activeKeyId,
    leaseName: 'groups.personal-data-reencryption',
    log: o.log,
    intervalMs: o.intervalMs,
  });
}
