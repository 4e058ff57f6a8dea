import type { Knex } from 'knex';
import { reencryptAll, type PersonalDataKeys, type SealedTable } from '@consorcio/shared/crypto';
import { resealMember, type PersonalColumns } from './member-sealing';

const COLUMNS: readonly (keyof PersonalColumns)[] = [
  'document_index',
  'document_enc',
  'name_enc',
  'email_enc',
  'phone_enc',
  'address_enc',
  'bank_account_enc',
  'pii_key_id',
  'legacy_document',
  'legacy_name',
  'legacy_email',
  'legacy_phone',
];

/** groups.members as the shared re-encryption sees it: members not erased whose data is not under the active key. */
export function sealedMembers(pii: PersonalDataKeys): SealedTable<PersonalColumns & { id: string }> {
  return {
    table: 'groups.members',
    pending: (q, activeKeyId) => q.whereNull('erased_at').whereRaw('pii_key_id is distinct from ?', [activeKeyId]),
    columns: COLUMNS,
    reseal: (row) => ({ ...resealMember(pii, row.id, row) }),
  };
}

/**
 * Re-encrypts every member's personal data not under the active key; answers the rows changed and those no key
 * opens (left as they are).
 */
export function reencryptAllMembers(
  db: Knex,
  pii: PersonalDataKeys,
  batchSize = 200,
): Promise<{ changed: number; unreadable: string[] }> {
  return reencryptAll(db, sealedMembers(pii), pii.cipher.activeKeyId, batchSize);
}
