/**
 * Where the documents of a usage request live (invoices, proposals, appraisals): content-addressed by SHA-256, so a
 * usage request names each document by its checksum and nobody can swap a file under it. `LocalDiskStore` is the
 * implementation this repository ships; an S3-compatible bucket would be another.
 */
export interface ObjectStore {
  /** Stores the bytes (idempotent: the same bytes give the same key) and answers their SHA-256 and size. */
  put(bytes: Uint8Array): Promise<{ sha256: string; size: number }>;
  has(sha256: string): Promise<boolean>;
  /** The bytes, checked against their key on the way out. */
  get(sha256: string): Promise<Buffer>;
}
