import { createHash } from 'node:crypto';
import { appendFileSync, chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sessionFile } from './api/session';

/**
 * What this computer remembers of the ids the platform gave it, next to the session (same directory, mode 600):
 * members it registered (the API answers a second registration of a document with ALREADY_EXISTS and no id, and has
 * no lookup by document, so a re-run of an import finds its members here), seats it enrolled per import row, and
 * assemblies it opened (the API has no list of a group's assemblies). One JSON line per id, appended as soon as it
 * is known, so an interrupted import loses nothing and a file of 100 000 rows is never rewritten whole.
 * Documents are stored as SHA-256 hashes, never in clear text (a CPF's hash can still be found by brute force: the
 * file stays private, mode 600).
 */
export type RecordKind = 'member' | 'quota' | 'assembly';

interface Line {
  url: string;
  kind: RecordKind;
  key: string;
  id: string;
}

export class LocalRecords {
  private readonly ids = new Map<string, string>();

  /** The records of the platform at `url` in `file` (default: records.jsonl beside the session). */
  constructor(
    private readonly url: string,
    private readonly file = path.join(path.dirname(sessionFile()), 'records.jsonl'),
  ) {
    if (!existsSync(file)) return;
    for (const text of readFileSync(file, 'utf8').split('\n')) {
      if (!text.trim()) continue;
      try {
        const l = JSON.parse(text) as Line;
        if (l.url === url) this.ids.set(`${l.kind}:${l.key}`, l.id);
      } catch {
        // A line cut short by a crash: the id it held is asked of the platform again.
      }
    }
  }

  get(kind: RecordKind, key: string): string | undefined {
    return this.ids.get(`${kind}:${key}`);
  }

  /** Every key of a kind with its id, in the order they were recorded (later ones win). */
  all(kind: RecordKind): [string, string][] {
    return [...this.ids].filter(([k]) => k.startsWith(`${kind}:`)).map(([k, id]) => [k.slice(kind.length + 1), id]);
  }

  put(kind: RecordKind, key: string, id: string): void {
    if (this.get(kind, key) === id) return;
    this.ids.delete(`${kind}:${key}`); // re-inserted last, so all() keeps the recording order
    this.ids.set(`${kind}:${key}`, id);
    mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const line: Line = { url: this.url, kind, key, id };
    appendFileSync(this.file, JSON.stringify(line) + '\n', { mode: 0o600 });
    chmodSync(this.file, 0o600);
  }
}

/** The key a document (its bare digits) is remembered by. */
export function documentKey(digits: string): string {
  return createHash('sha256').update(`consorcio document\n${digits}`).digest('hex');
}
