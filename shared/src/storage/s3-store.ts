import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { NotFoundError } from '../errors';
import { CorruptObjectError, type ObjectStore, type StoredObject } from './object-store';
import { requireSha256, sha256Hex } from './sha256';

/** Where an S3Store keeps its objects and how it reaches the bucket. */
export interface S3StoreOptions {
  bucket: string;
  /** Keys are `<prefix><first two hex digits>/<sha256>`; a prefix lets several stores share one bucket. */
  prefix?: string;
  region: string;
  /** An S3-compatible endpoint (MinIO, s3rver); AWS's own when absent. */
  endpoint?: string;
  /** Bucket in the path rather than the host name: what MinIO and s3rver need. */
  forcePathStyle?: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

const isMissing = (err: unknown): boolean => {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
};

/**
 * An object store on an S3-compatible bucket. The SHA-256 is sent as `ChecksumSHA256` (S3 refuses a body that does
 * not match it; servers that ignore it are covered by the check on read) and kept as the object's metadata; every
 * read recomputes it from the bytes received.
 */
export class S3Store implements ObjectStore {
  private readonly client: S3Client;

  constructor(private readonly o: S3StoreOptions) {
    const config: S3ClientConfig = {
      region: o.region,
      forcePathStyle: o.forcePathStyle ?? false,
      ...(o.endpoint ? { endpoint: o.endpoint } : {}),
      ...(o.credentials ? { credentials: o.credentials } : {}),
    };
    this.client = new S3Client(config);
  }

  private keyOf(sha256: string): string {
    requireSha256('sha256', sha256);
    return `${this.o.prefix ?? ''}${sha256.slice(0, 2)}/${sha256}`;
  }

  async put(bytes: Uint8Array, options: { contentType?: string } = {}): Promise<StoredObject> {
    const sha256 = sha256Hex(bytes);
    const key = this.keyOf(sha256);
    if (!(await this.has(sha256))) {
      await this.client.send(
        new PutObjectCommand({
          Bucket: this.o.bucket,
          Key: key,
          Body: bytes,
          ContentLength: bytes.length,
          ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64'),
          ContentType: options.contentType ?? 'application/octet-stream',
          Metadata: { sha256 },
        }),
      );
    }
    return { sha256, size: bytes.length };
  }

  async has(sha256: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.o.bucket, Key: this.keyOf(sha256) }));
      return true;
    } catch (err) {
      if (isMissing(err)) return false;
      throw err;
    }
  }

  async get(sha256: string): Promise<Buffer> {
    let bytes: Buffer;
    try {
      const r = await this.client.send(new GetObjectCommand({ Bucket: this.o.bucket, Key: this.keyOf(sha256) }));
      if (!r.Body) throw new NotFoundError('document', sha256);
      bytes = Buffer.from(await r.Body.transformToByteArray());
    } catch (err) {
      if (isMissing(err)) throw new NotFoundError('document', sha256);
      throw err;
    }
    if (sha256Hex(bytes) !== sha256) throw new CorruptObjectError(sha256);
    return bytes;
  }

  async delete(sha256: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.o.bucket, Key: this.keyOf(sha256) }));
  }

  /** Releases the client's sockets. */
  close(): void {
    this.client.destroy();
  }
}
