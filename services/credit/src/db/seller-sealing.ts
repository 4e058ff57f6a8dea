import type { PersonalDataKeys } from '@consorcio/shared/crypto';

/**
 * How the seller of a letter's usage request is stored: the seller may be a person, so its name and CPF/CNPJ are
 * personal data, encrypted each on its own column of `credit.letters` (AES-256-GCM, `v1:<keyId>:…`, bound to
 * `credit.letters.<column>:<letter id>`) with the row's key id beside them; the `usage` jsonb holds the rest of the
 * request and never the seller. Rows written before encryption keep their plaintext in the `legacy_seller_*`
 * columns until the re-encryption job seals them (see migrations/credit/20261126000001).
 */

/** A seller in clear. */
export interface Seller {
  name: string;
  document: string;
}

/** The columns of a letter that hold its seller: sealed, legacy plaintext, or all null (no usage requested). */
export interface SellerColumns {
  seller_name_enc: string | null;
  seller_document_enc: string | null;
  pii_key_id: string | null;
  legacy_seller_name: string | null;
  legacy_seller_document: string | null;
}

const aad = (column: string, letterId: string): string => `credit.letters.${column}:${letterId}`;

/** Encrypts a seller under the active key (any legacy plaintext of the row cleared). */
export function sealSeller(pii: PersonalDataKeys, letterId: string, s: Seller): SellerColumns {
  return {
    seller_name_enc: pii.cipher.encrypt(s.name, aad('seller_name', letterId)),
    seller_document_enc: pii.cipher.encrypt(s.document, aad('seller_document', letterId)),
    pii_key_id: pii.cipher.activeKeyId,
    legacy_seller_name: null,
    legacy_seller_document: null,
  };
}

/** True while a row still holds its pre-encryption plaintext. */
export const isLegacySeller = (c: SellerColumns): boolean => c.pii_key_id === null && c.legacy_seller_name !== null;

/**
 * The seller of a letter in clear (a legacy row's plaintext as it is), or null when no usage named one.
 * @throws DecryptionError when a value does not decrypt (unknown key, tampered, moved from another row).
 */
export function openSeller(pii: PersonalDataKeys, letterId: string, c: SellerColumns): Seller | null {
  if (isLegacySeller(c)) return { name: c.legacy_seller_name ?? '', document: c.legacy_seller_document ?? '' };
  if (c.seller_name_enc === null || c.seller_document_enc === null) return null;
  return {
    name: pii.cipher.decrypt(c.seller_name_enc, aad('seller_name', letterId)),
    document: pii.cipher.decrypt(c.seller_document_enc, aad('seller_document', letterId)),
  };
}

/** A row's seller sealed again under the active key (legacy plaintext sealed, then cleared); null: nothing to seal. */
export function resealSeller(pii: PersonalDataKeys, letterId: string, c: SellerColumns): SellerColumns | null {
  const seller = openSeller(pii, letterId, c);
  return seller ? sealSeller(pii, letterId, seller) : null;
}
