import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LocalDiskStore } from '../../../src/storage/local-disk-store';

describe('LocalDiskStore', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'documents-'));
  const store = new LocalDiskStore(root);
  const bytes = Buffer.from('%PDF-1.7 proposal of sale');
  const sha = createHash('sha256').update(bytes).digest('hex');

  it('stores by SHA-256, once, and gives the same bytes back', async () => {
    assert.deepEqual(await store.put(bytes), { sha256: sha, size: bytes.length });
    assert.deepEqual(await store.put(bytes), { sha256: sha, size: bytes.length });
    assert.equal(await store.has(sha), true);
    assert.deepEqual(await store.get(sha), bytes);
    assert.deepEqual(readdirSync(path.join(root, sha.slice(0, 2))), [sha]);
  });

  it('answers a missing document as not found and refuses a malformed key', async () => {
    assert.equal(await store.has('0'.repeat(64)), false);
    await assert.rejects(store.get('0'.repeat(64)), /not found|NotFound|document/);
    await assert.rejects(store.has('../../etc/passwd'), /sha256/);
  });

  it('notices a file changed on disk under its checksum', async () => {
    writeFileSync(path.join(root, sha.slice(0, 2), sha), 'tampered');
    await assert.rejects(store.get(sha), /corrupt/);
  });
});
