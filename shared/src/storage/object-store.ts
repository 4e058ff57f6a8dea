/**
 * Where documents live (identity, income proofs, invoices, generated contracts and minutes): content-addressed by
 * SHA-256, so a record names a file by its checksum and nobody can swap a file under it. Two implementations ship:
 * `LocalDiskStore` (a directory, the default) and `S3Store` (an S3-compatible bucket: AWS, MinIO, s3rver).
 */
export interface ObjectStore {
  /** Stores the bytes (idempotent: the same bytes give the same key) and answers their SHA-256 and size. */
  put(bytes: Uint8Array, options?: { contentType?: string }): Promise<StoredObject>;
  has(sha256: string): Promise<boolean>;
  /** The bytes, checked against their key on the way out (a mismatch throws {@link CorruptObjectError}). */
  get(sha256: string): Promise<Buffer>;
  /** Removes the object (retention); removing a missing one is not an error. */
  delete(sha256: string): Promise<void>;
}

/** What `put` answers: the object's key (lower-case hex SHA-256) and its size in bytes. */
export interface StoredObject {
  sha256: string;
  size: number;
}

/** Thrown when stored bytes no longer match their checksum: the store was tampered with or damaged. */
export class CorruptObjectError extends Error {
  constructor(readonly sha256: string) {
    super(`object ${sha256} is corrupt: its content no longer matches its checksum`);
    this.name = 'CorruptObjectError';
  }
}
