import type { PersonalDataKeys } from '@consorcio/shared/crypto';
import type { MemberAddress, RefundAccount } from '../domain';

/**
 * How a member's personal data is stored: each field encrypted on its own column (AES-256-GCM, `v1:<keyId>:…`,
 * bound to `groups.members.<column>:<member id>`), the row's key id beside them, and the document's blind index for
 * lookups and uniqueness. Rows written before encryption keep their plaintext in the `legacy_*` columns until the
 * re-encryption job seals them (see migrations/groups/20261126000001).
 */

/** A member's personal data in clear ('' for a contact field not given). */
export interface MemberPersonal {
  document: string;
  name: string;
  email: string;
  phone: string;
  address: MemberAddress | null;
  bankAccount: RefundAccount | null;
}

/** The columns that hold personal data, sealed. */
export interface SealedColumns {
  document_index: string | null;
  document_enc: string | null;
  name_enc: string | null;
  email_enc: string | null;
  phone_enc: string | null;
  address_enc: string | null;
  bank_account_enc: string | null;
  pii_key_id: string | null;
}

/** Plaintext of rows stored before encryption (null on every row written since). */
export interface LegacyColumns {
  legacy_document: string | null;
  legacy_name: string | null;
  legacy_email: string | null;
  legacy_phone: string | null;
}

export type PersonalColumns = SealedColumns & LegacyColumns;

/** Every personal column empty: an erased member, or the legacy columns once sealed. */
export const NO_LEGACY: LegacyColumns = {
  legacy_document: null,
  legacy_name: null,
  legacy_email: null,
  legacy_phone: null,
};
export const ERASED: PersonalColumns = {
  document_index: null,
  document_enc: null,
  name_enc: null,
  email_enc: null,
  phone_enc: null,
  address_enc: null,
  bank_account_enc: null,
  pii_key_id: null,
  ...NO_LEGACY,
};

const aad = (column: string, memberId: string): string => `groups.members.${column}:${memberId}`;

/** Encrypts a member's personal data under the active key; empty contact fields stay null. */
export function sealMember(pii: PersonalDataKeys, memberId: string, p: MemberPersonal): SealedColumns {
  const enc = (column: string, value: string): string | null =>
    value === '' ? null : pii.cipher.encrypt(value, aad(column, memberId));
  return {
    document_index: pii.index.ofDocument(p.document),
    document_enc: enc('document_enc', p.document),
    name_enc: enc('name_enc', p.name),
    email_enc: enc('email_enc', p.email),
    phone_enc: enc('phone_enc', p.phone),
    address_enc: p.address ? enc('address_enc', JSON.stringify(p.address)) : null,
    bank_account_enc: p.bankAccount ? enc('bank_account_enc', JSON.stringify(p.bankAccount)) : null,
    pii_key_id: pii.cipher.activeKeyId,
  };
}

/** True while a row still holds its pre-encryption plaintext. */
export const isLegacy = (row: PersonalColumns): boolean => row.pii_key_id === null && row.legacy_document !== null;

/**
 * Decrypts a member's personal data (or reads a legacy row's plaintext).
 * @throws DecryptionError when a value does not decrypt (unknown key, tampered, moved from another row).
 */
export function openMember(pii: PersonalDataKeys, memberId: string, row: PersonalColumns): MemberPersonal {
  if (isLegacy(row)) {
    return {
      document: row.legacy_document ?? '',
      name: row.legacy_name ?? '',
      email: row.legacy_email ?? '',
      phone: row.legacy_phone ?? '',
      address: null,
      bankAccount: null,
    };
  }
  const dec = (column: keyof SealedColumns): string => {
    const v = row[column];
    return v === null ? '' : pii.cipher.decrypt(v, aad(column, memberId));
  };
  const json = <T>(column: keyof SealedColumns): T | null => {
    const text = dec(column);
    return text === '' ? null : (JSON.parse(text) as T);
  };
  return {
    document: dec('document_enc'),
    name: dec('name_enc'),
    email: dec('email_enc'),
    phone: dec('phone_enc'),
    address: json<MemberAddress>('address_enc'),
    bankAccount: json<RefundAccount>('bank_account_enc'),
  };
}

/** A row's personal columns sealed again under the active key (legacy plaintext sealed, then cleared). */
export function resealMember(pii: PersonalDataKeys, memberId: string, row: PersonalColumns): PersonalColumns {
  return { ...sealMember(pii, memberId, openMember(pii, memberId, row)), ...NO_LEGACY };
}
