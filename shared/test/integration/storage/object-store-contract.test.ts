import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CorruptObjectError, LocalDiskStore, type ObjectStore } from '../../../src/storage';
import { startS3rver, type S3rverHarness } from './s3rver-harness';

/** Finds the single file named `name` under `dir` (how a test reaches an object behind the store's back). */
function findFile(dir: string, name: string): string {
  for (const entry of readdirSync(dir)) {
    const p = path.join(dir, entry);
    if (statSync(p).isDirectory()) {
      const found = findFile(p, name);
      if (found) return found;
    } else if (entry === name) return p;
  }
  return '';
}

/**
 * One contract, every implementation: a document round-trips with its checksum verified, put is idempotent, a
 * missing key is NOT_FOUND, a malformed key never reaches the store, delete is idempotent, and bytes changed behind
 * the store's back are refused on read.
 */
function contract(name: string, open: () => Promise<{ store: ObjectStore; tamper: (sha: string) => void }>) {
  describe(`ObjectStore contract: ${name}`, () => {
    let store: ObjectStore;
    let tamper: (sha: string) => void;
    before(async () => {
      ({ store, tamper } = await open());
    });

    it('round-trips a document by its SHA-256, verified, and stores it once', async () => {
      const bytes = randomBytes(200_000);
      const sha = createHash('sha256').update(bytes).digest('hex');
      assert.deepEqual(await store.put(bytes, { contentType: 'application/pdf' }), { sha256: sha, size: bytes.length });
      assert.deepEqual(await store.put(bytes), { sha256: sha, size: bytes.length });
      assert.equal(await store.has(sha), true);
      const back = await store.get(sha);
      assert.equal(createHash('sha256').update(back).digest('hex'), sha);
      assert.deepEqual(back, bytes);
    });

    it('answers a missing object as not found and refuses a malformed key', async () => {
      const missing = 'f'.repeat(64);
      assert.equal(await store.has(missing), false);
      await assert.rejects(store.get(missing), { name: 'NotFoundError' });
      await assert.rejects(store.has('../../etc/passwd'), /sha256: must be a SHA-256/);
      await assert.rejects(store.get('ABC'), /sha256/);
    });

    it('deletes an object, and deleting it again is no error', async () => {
      const { sha256 } = await store.put(Buffer.from(`to be purged ${name}`));
      await store.delete(sha256);
      assert.equal(await store.has(sha256), false);
      await store.delete(sha256);
      await assert.rejects(store.get(sha256), { name: 'NotFoundError' });
    });

    it('refuses to hand out bytes that no longer match their checksum', async () => {
      const { sha256 } = await store.put(Buffer.from(`%PDF-1.7 proposal ${name}`));
      tamper(sha256);
      await assert.rejects(store.get(sha256), (err: unknown) => err instanceof CorruptObjectError);
    });
  });
}

const disk = mkdtempSync(path.join(tmpdir(), 'store-disk-'));
after(() => rmSync(disk, { recursive: true, force: true }));
contract('LocalDiskStore', () =>
  Promise.resolve({
    store: new LocalDiskStore(disk),
    tamper: (sha) => writeFileSync(path.join(disk, sha.slice(0, 2), sha), 'tampered'),
  }),
);

let s3: S3rverHarness | undefined;
after(async () => s3?.stop());
contract('S3Store on s3rver', async () => {
  s3 = await startS3rver();
  const harness = s3;
  return {
    store: harness.store('documents/'),
    // s3rver keeps each object as a file named `<key's last segment>._S3rver_object` on disk.
    tamper: (sha) => writeFileSync(findFile(harness.directory, `${sha}._S3rver_object`), 'tampered'),
  };
});
