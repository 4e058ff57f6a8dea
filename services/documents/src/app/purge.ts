import type { Knex } from 'knex';
import { appendToOutbox } from '@consorcio/shared/bus';
import { isContentReferenced, lockContent } from '../db/documents-repo';
import { outgoing } from '../events/outgoing';
import { SCHEMA, type DocumentsDeps } from './deps';

/** Document versions purged per round of the job. */
const PURGE_BATCH = 200;

/**
 * The versions whose retention has ended (retain_until before today): a group's documents 5 years after it closed;
 * a member's documents without a group after their days — unless the member still holds a record in a group that is
 * open or closed less than the retention's years ago (their identity and income proofs back those records).
 */
async function expired(deps: DocumentsDeps, today: string): Promise<{ id: string; sha256: string }[]> {
  const res = await deps.db.raw<{ rows: { id: string; sha256: string }[] }>(
    `select d.id, d.sha256 from documents.documents d
      where d.purged_at is null and d.retain_until is not null and d.retain_until < ?::date
        and (d.group_id is not null or d.owner_member_id is null or not exists (
              select 1 from documents.quotas q join documents.groups g on g.id = q.group_id
               where q.member_id = d.owner_member_id
                 and (g.closed_on is null or g.closed_on + make_interval(years => ?) >= ?::date)))
      order by d.id
      limit ?`,
    [today, deps.retention.yearsAfterClosing, today, PURGE_BATCH],
  );
  return res.rows;
}

/** What marking a version purged did: nothing (already purged), or purged with its content kept or now unreferenced. */
export type MarkOutcome = 'skipped' | 'kept' | 'unreferenced';

/**
 * Step 1 of a purge, in the caller's transaction: under the content's lock, marks the version purged (its row keeps
 * the hash) and writes `documents.document.purged`. The object is not touched here: it is deleted after this
 * transaction commits, by {@link releaseContent}, so a commit that fails never leaves a live row without content.
 */
export async function markPurged(
  deps: DocumentsDeps,
  trx: Knex.Transaction,
  doc: { id: string; sha256: string },
  correlationId: string,
): Promise<MarkOutcome> {
  await lockContent(trx, doc.sha256);
  const marked = await trx('documents.documents')
    .where({ id: doc.id })
    .whereNull('purged_at')
    .update({ purged_at: deps.clock.now() });
  if (marked === 0) return 'skipped'; // another replica's round, or a manual purge, got there first
  const shared = await isContentReferenced(trx, doc.sha256);
  await appendToOutbox(trx, SCHEMA, [
    outgoing(
      'documents.document.purged',
      doc.id,
      { documentId: doc.id, sha256: doc.sha256, objectDeleted: !shared },
      correlationId,
    ),
  ]);
  return shared ? 'kept' : 'unreferenced';
}

/**
 * Step 2 of a purge, after step 1 committed: a short transaction that takes the content's lock (uploads of the same
 * bytes take it too), checks again that no kept version names the content, deletes the object and records it on the
 * purged rows. Resolves true when this call deleted it. An upload of the same bytes that comes after stores them
 * again (it re-checks the store under the same lock).
 */
export async function releaseContent(deps: DocumentsDeps, sha256: string): Promise<boolean> {
  return deps.db.transaction(async (trx) => {
    await lockContent(trx, sha256);
    if (await isContentReferenced(trx, sha256)) return false;
    const rows = await trx('documents.documents')
      .where({ sha256 })
      .whereNotNull('purged_at')
      .whereNull('object_deleted_at')
      .update({ object_deleted_at: deps.clock.now() });
    if (rows === 0) return false; // another round released it
    await deps.store.delete(sha256);
    return true;
  });
}

/** Contents of purged versions whose step 2 never ran (a crash between the steps), no kept version naming them. */
async function unreleased(db: Knex): Promise<string[]> {
  const res = await db.raw<{ rows: { sha256: string }[] }>(
    `select distinct d.sha256 from documents.documents d
      where d.purged_at is not null and d.object_deleted_at is null
        and not exists (select 1 from documents.documents k where k.sha256 = d.sha256 and k.purged_at is null)
      limit ?`,
    [PURGE_BATCH],
  );
  return res.rows.map((r) => r.sha256);
}

/**
 * One round of the retention job: each expired version is marked purged with `documents.document.purged` (step 1,
 * its own transaction), then its object deleted when no kept version shares the content (step 2, after the commit);
 * contents left behind by an earlier round that died between the steps are released too. Answers what it did;
 * `more` when a full batch ran.
 */
export async function purgeExpired(
  deps: DocumentsDeps,
): Promise<{ purged: number; objectsDeleted: number; more: boolean }> {
  const rows = await expired(deps, deps.clock.today());
  let purged = 0;
  let objectsDeleted = 0;
  for (const r of rows) {
    const outcome = await deps.db.transaction((trx) => markPurged(deps, trx, r, `purge-${r.id}`));
    if (outcome !== 'skipped') purged++;
    if (outcome === 'unreferenced' && (await releaseContent(deps, r.sha256))) objectsDeleted++;
  }
  for (const sha256 of await unreleased(deps.db)) if (await releaseContent(deps, sha256)) objectsDeleted++;
  if (purged > 0 || objectsDeleted > 0) {
    deps.log.info({ payload: { purged, objectsDeleted } }, 'expired documents purged');
  }
  return { purged, objectsDeleted, more: rows.length === PURGE_BATCH };
}
