import type { Knex } from 'knex';
import { LeasedLoop } from '@consorcio/shared/bus';
import type { PersonalDataKeys } from '@consorcio/shared/crypto';
import type { Logger } from '@consorcio/shared/log';
import { reencryptMemberBatch } from '../db/member-reencryption';

/** Rows re-encrypted per transaction by the background job. */
const BATCH_SIZE = 200;

/**
 * The background re-encryption (one replica at a time, a leased loop): after PII_ACTIVE_KEY_ID changes, or on a
 * database with rows from before encryption, it moves every member's personal data to the active key, batch by
 * batch, then checks again every `intervalMs`. Logs counts only.
 */
export function personalDataReencryptionJob(o: {
  db: Knex;
  pii: PersonalDataKeys;
  log: Logger;
  intervalMs: number;
}): LeasedLoop {
  // Walks the table in id order across ticks, so rows no key opens are passed over rather than retried forever.
  let cursor: string | undefined;
  return new LeasedLoop({
    db: o.db,
    leaseName: 'groups.personal-data-reencryption',
    pollMs: o.intervalMs,
    tick: async () => {
      const batch = await reencryptMemberBatch(o.db, o.pii, {
        batchSize: BATCH_SIZE,
        skipLocked: true,
        afterId: cursor,
      });
      cursor = batch.lastId;
      const keyId = o.pii.cipher.activeKeyId;
      if (batch.changed > 0) o.log.info({ payload: { rows: batch.changed, keyId } }, 'personal data re-encrypted');
      if (batch.unreadable.length > 0) {
        o.log.error({ payload: { memberIds: batch.unreadable, keyId } }, 'personal data no key of PII_KEYS opens');
      }
      return cursor !== undefined;
    },
    log: o.log,
    label: 'personal data re-encryption',
  });
}
