import assert from 'node:assert/strict';
import { loadConfig } from '../../../src/config';
import { LocalDiskStore, objectStoreConfig, objectStoreFromConfig, S3Store } from '../../../src/storage';

describe('objectStoreFromConfig', () => {
  const cfg = (env: Record<string, string>) => loadConfig(objectStoreConfig, env);

  it('is the local disk by default', () => {
    const store = objectStoreFromConfig(cfg({}));
    assert.ok(store instanceof LocalDiskStore);
    assert.equal(cfg({}).DOCUMENTS_DIR, '.data/documents');
  });

  it('is an S3 bucket when OBJECT_STORE=s3, and names S3_BUCKET when it is missing', () => {
    const store = objectStoreFromConfig(
      cfg({ OBJECT_STORE: 's3', S3_BUCKET: 'docs', S3_ENDPOINT: 'http://127.0.0.1:9000', S3_FORCE_PATH_STYLE: 'true' }),
    );
    assert.ok(store instanceof S3Store);
    store.close();
    assert.throws(() => objectStoreFromConfig(cfg({ OBJECT_STORE: 's3' })), /S3_BUCKET is required/);
    assert.throws(
      () => objectStoreFromConfig(cfg({ OBJECT_STORE: 's3', S3_BUCKET: 'b', S3_ACCESS_KEY_ID: 'k' })),
      /S3_SECRET_ACCESS_KEY/,
    );
  });

  it('refuses an unknown store or endpoint naming the variable', () => {
    assert.throws(() => cfg({ OBJECT_STORE: 'ftp' }), /OBJECT_STORE must be one of disk, s3/);
    assert.throws(() => cfg({ S3_ENDPOINT: 'minio:9000' }), /S3_ENDPOINT must be a URL/);
  });
});
