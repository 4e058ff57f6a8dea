import { ConfigError, bool, oneOf, optionalStr, str, url, optional, type ConfigOf } from '../config';
import { LocalDiskStore } from './local-disk-store';
import type { ObjectStore } from './object-store';
import { S3Store } from './s3-store';

/**
 * The variables that choose a service's object store. Spread into its shape:
 * `loadConfig({ ...baseServiceConfig, ...objectStoreConfig })`.
 */
export const objectStoreConfig = {
  /** `disk` (a local directory, the default) or `s3` (an S3-compatible bucket). */
  OBJECT_STORE: oneOf(['disk', 's3'] as const, { default: 'disk' }),
  /** The directory of the disk store. */
  DOCUMENTS_DIR: str({ default: '.data/documents' }),
  /** The bucket of the S3 store (required when OBJECT_STORE=s3). */
  S3_BUCKET: optionalStr(),
  /** Key prefix inside the bucket, e.g. `documents/`. */
  S3_PREFIX: str({ default: '' }),
  /** An S3-compatible endpoint such as MinIO's `http://minio:9000`; AWS's when unset. */
  S3_ENDPOINT: optional(url({ protocols: ['http', 'https'] })),
  S3_REGION: str({ default: 'us-east-1' }),
  /** Static credentials; when unset the SDK's default chain applies (environment, profile, instance role). */
  S3_ACCESS_KEY_ID: optionalStr(),
  S3_SECRET_ACCESS_KEY: optionalStr(),
  /** Bucket in the path, as MinIO and s3rver need. */
  S3_FORCE_PATH_STYLE: bool({ default: false }),
};

export type ObjectStoreConfig = ConfigOf<typeof objectStoreConfig>;

/** The object store the configuration names; `close` releases its connections (a no-op on disk). */
export function objectStoreFromConfig(cfg: ObjectStoreConfig): ObjectStore & { close(): void } {
  if (cfg.OBJECT_STORE === 'disk') return Object.assign(new LocalDiskStore(cfg.DOCUMENTS_DIR), { close() {} });
  if (!cfg.S3_BUCKET) throw new ConfigError([{ variable: 'S3_BUCKET', rule: 'is required when OBJECT_STORE=s3' }]);
  if (!cfg.S3_ACCESS_KEY_ID !== !cfg.S3_SECRET_ACCESS_KEY)
    throw new ConfigError([
      { variable: 'S3_SECRET_ACCESS_KEY', rule: 'must be set together with S3_ACCESS_KEY_ID (or neither)' },
    ]);
  return new S3Store({
    bucket: cfg.S3_BUCKET,
    prefix: cfg.S3_PREFIX,
    region: cfg.S3_REGION,
    forcePathStyle: cfg.S3_FORCE_PATH_STYLE,
    ...(cfg.S3_ENDPOINT ? { endpoint: cfg.S3_ENDPOINT } : {}),
    ...(cfg.S3_ACCESS_KEY_ID && cfg.S3_SECRET_ACCESS_KEY
      ? { credentials: { accessKeyId: cfg.S3_ACCESS_KEY_ID, secretAccessKey: cfg.S3_SECRET_ACCESS_KEY } }
      : {}),
  });
}
