import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { NotFoundError } from '../errors';
import { CorruptObjectError, type ObjectStore, type StoredObject } from './object-store';
import { requireSha256, sha256Hex } from './sha256';

/**
 * An object store on a local directory: `<root>/<first two hex digits>/<sha256>`, written to a temporary file and
 * renamed into place (a reader never sees half a file), verified against its key when read.
 */
export class LocalDiskStore implements ObjectStore {
  constructor(private readonly root: string) {}

  private pathOf(sha256: string): string {
    requireSha256('sha256', sha256);
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  async put(bytes: Uint8Array): Promise<StoredObject> {
    const sha256 = sha256Hex(bytes);
    const target = this.pathOf(sha256);
    if (!(await this.has(sha256))) {
      await mkdir(path.dirname(target), { recursive: true });
      const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
      await writeFile(temporary, bytes, { mode: 0o640 });
      await rename(temporary, target);
    }
    return { sha256, size: bytes.length };
  }

  async has(sha256: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(sha256))).isFile();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
  }

  async get(sha256: string): Promise<Buffer> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.pathOf(sha256));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError('document', sha256);
      throw err;
    }
    if (sha256Hex(bytes) !== sha256) throw new CorruptObjectError(sha256);
    return bytes;
  }

  async delete(sha256: string): Promise<void> {
    await rm(this.pathOf(sha256), { force: true });
  }
}
