import type { Knex } from 'knex';
import { NotFoundError } from '@consorcio/shared/errors';
import { newId } from '@consorcio/shared/ids';
import type { DocumentKind } from '../domain/upload-rules';

/** One version of a document, as stored. */
export interface DocumentRow {
  id: string;
  kind: DocumentKind;
  ownerMemberId: string | null;
  groupId: string | null;
  subjectId: string | null;
  name: string;
  version: number;
  sha256: string;
  size: bigint;
  contentType: string;
  uploadedBy: string;
  createdAt: Date;
  retainUntil: string | null;
  purgedAt: Date | null;
  sourceEventId: string | null;
}

interface Raw {
  id: string;
  kind: DocumentKind;
  owner_member_id: string | null;
  group_id: string | null;
  subject_id: string | null;
  name: string;
  version: number;
  sha256: string;
  size: bigint;
  content_type: string;
  uploaded_by: string;
  created_at: Date;
  retain_until: string | null;
  purged_at: Date | null;
  source_event_id: string | null;
}

const TABLE = 'documents.documents';

const fromRaw = (r: Raw): DocumentRow => ({
  id: r.id,
  kind: r.kind,
  ownerMemberId: r.owner_member_id,
  groupId: r.group_id,
  subjectId: r.subject_id,
  name: r.name,
  version: r.version,
  sha256: r.sha256,
  size: BigInt(r.size),
  contentType: r.content_type,
  uploadedBy: r.uploaded_by,
  createdAt: r.created_at,
  retainUntil: r.retain_until,
  purgedAt: r.purged_at,
  sourceEventId: r.source_event_id,
});

/** Serializes the writers of one content (an upload, a purge): a transaction-scoped advisory lock on its hash. */
export async function lockContent(trx: Knex.Transaction, sha256: string): Promise<void> {
  await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`documents:content:${sha256}`]);
}

/** A new version of a document, before its number is known. */
export type NewVersion = Omit<DocumentRow, 'id' | 'version' | 'purgedAt'>;

/**
 * Stores the next version of (owner, kind, name), under a transaction-scoped lock on that key so two writers number
 * in turn. With `unlessSameContent`, a latest version with the same SHA-256 is answered instead (a document
 * regenerated from the same input is the same document).
 */
export async function insertVersion(
  trx: Knex.Transaction,
  doc: NewVersion,
  opts: { unlessSameContent: boolean },
): Promise<{ row: DocumentRow; created: boolean }> {
  const owner = doc.ownerMemberId ?? doc.groupId;
  await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`documents:name:${owner}:${doc.kind}:${doc.name}`]);
  const latest = await trx<Raw>(TABLE)
    .whereRaw('coalesce(owner_member_id, group_id) = ?', [owner])
    .andWhere({ kind: doc.kind, name: doc.name })
    .orderBy('version', 'desc')
    .first();
  if (latest && opts.unlessSameContent && latest.sha256 === doc.sha256) return { row: fromRaw(latest), created: false };
  const [row] = await trx<Raw>(TABLE)
    .insert({
      id: newId(),
      kind: doc.kind,
      owner_member_id: doc.ownerMemberId,
      group_id: doc.groupId,
      subject_id: doc.subjectId,
      name: doc.name,
      version: (latest?.version ?? 0) + 1,
      sha256: doc.sha256,
      size: doc.size,
      content_type: doc.contentType,
      uploaded_by: doc.uploadedBy,
      created_at: doc.createdAt,
      retain_until: doc.retainUntil,
      source_event_id: doc.sourceEventId,
    })
    .returning('*');
  return { row: fromRaw(row as Raw), created: true };
}

export async function getDocument(db: Knex, id: string): Promise<DocumentRow> {
  const row = await db<Raw>(TABLE).where({ id }).first();
  if (!row) throw new NotFoundError('document', id);
  return fromRaw(row);
}

export interface DocumentFilter {
  ownerMemberId?: string;
  groupId?: string;
  subjectId?: string;
  kind?: DocumentKind;
}

/** Newest first (ids are UUIDv7), after the cursor of the previous page. */
export async function listDocuments(
  db: Knex,
  filter: DocumentFilter,
  after: string | undefined,
  limit: number,
): Promise<DocumentRow[]> {
  const q = db<Raw>(TABLE).orderBy('id', 'desc').limit(limit);
  if (filter.ownerMemberId) q.where('owner_member_id', filter.ownerMemberId);
  if (filter.groupId) q.where('group_id', filter.groupId);
  if (filter.subjectId) q.where('subject_id', filter.subjectId);
  if (filter.kind) q.where('kind', filter.kind);
  if (after) q.where('id', '<', after);
  return (await q).map(fromRaw);
}

/** True when a version not purged still names this content. */
export async function isContentReferenced(trx: Knex.Transaction, sha256: string): Promise<boolean> {
  const row = await trx<Raw>(TABLE).where({ sha256 }).whereNull('purged_at').first('id');
  return row !== undefined;
}
