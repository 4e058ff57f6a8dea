import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { NotFoundError, ValidationError } from '@consorcio/shared/errors';
import type { ObjectStore } from './object-store';

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * An object store on a local directory: `<root>/<first two hex digits>/<sha256>`, written to a temporary file and
 * renamed into place (a reader never sees half a file), verified against its key when read.
 */
export class LocalDiskStore implements ObjectStore {
  constructor(private readonly root: string) {}

  private pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new ValidationError('sha256', 'must be a SHA-256 in lower-case hex');
    return path.join(this.root, sha256.slice(0, 2), sha256);
  }

  async put(bytes: Uint8Array): Promise<{ sha256: string; size: number }> {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
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
    if (createHash('sha256').update(bytes).digest('hex') !== sha256)
      throw new Error(`document ${sha256} is corrupt on disk: its content no longer matches its checksum`);
    return bytes;
  }
}
