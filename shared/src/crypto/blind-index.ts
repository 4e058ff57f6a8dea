import { createHmac } from 'node:crypto';

/**
 * A keyed blind index: HMAC-SHA256 of a normalised value under a key kept apart from the encryption keys, so an
 * equality lookup (a member by CPF) works on a column that reveals nothing without the key. `kind` separates the
 * indexes of different fields, so equal texts in two fields do not give equal index values.
 */
export class BlindIndex {
  constructor(private readonly key: Buffer) {}

  /** The hex index of `normalised` for fields of `kind` (e.g. `document`). */
  of(kind: string, normalised: string): string {
    return createHmac('sha256', this.key).update(`${kind}\u0000${normalised}`, 'utf8').digest('hex');
  }

  /** The index of a CPF or CNPJ: digits only, so "529.982.247-25" and "52998224725" match. */
  ofDocument(document: string): string {
    return this.of('document', document.replace(/\D/g, ''));
  }
}
