import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import { S3Store } from '../../../src/storage';

/** An S3-compatible server in this process (loopback, ephemeral port, a temporary directory) and a store on it. */
export interface S3rverHarness {
  endpoint: string;
  bucket: string;
  directory: string;
  store(prefix?: string): S3Store;
  stop(): Promise<void>;
}

export async function startS3rver(bucket = 'documents'): Promise<S3rverHarness> {
  const directory = mkdtempSync(path.join(tmpdir(), 's3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const stores: S3Store[] = [];
  return {
    endpoint,
    bucket,
    directory,
    store(prefix = '') {
      const s = new S3Store({
        bucket,
        prefix,
        region: 'us-east-1',
        endpoint,
        forcePathStyle: true,
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      });
      stores.push(s);
      return s;
    },
    async stop() {
      for (const s of stores) s.close();
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
