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

/**
 * One round of the retention job: each expired version is marked purged (its row keeps the hash) with
 * `documents.document.purged`, and its object deleted when no kept version shares the content — under the
 * content's lock, which uploads of the same bytes also take. Answers what it did; `more` when a full batch ran.
 */
export async function purgeExpired(
  deps: DocumentsDeps,
): Promise<{ purged: number; objectsDeleted: number; more: boolean }> {
  const rows = await expired(deps, deps.clock.today());
  let purged = 0;
  let objectsDeleted = 0;
  for (const r of rows) {
    const outcome = await deps.db.transaction(async (trx): Promise<'skipped' | 'kept' | 'deleted'> => {
      await lockContent(trx, r.sha256);
      const marked = await trx('documents.documents')
        .where({ id: r.id })
        .whereNull('purged_at')
        .update({ purged_at: deps.clock.now() });
      if (marked === 0) return 'skipped'; // another replica's round, or a manual purge, got there first
      const shared = await isContentReferenced(trx, r.sha256);
      await appendToOutbox(trx, SCHEMA, [
        outgoing(
          'documents.document.purged',
          r.id,
          { documentId: r.id, sha256: r.sha256, objectDeleted: !shared },
          `purge-${r.id}`,
        ),
      ]);
      // Deleted before the commit: should the commit fail, the row stays for the next round (its time is over anyway).
      if (shared) return 'kept';
      await deps.store.delete(r.sha256);
      return 'deleted';
    });
    if (outcome !== 'skipped') purged++;
    if (outcome === 'deleted') objectsDeleted++;
  }
  if (purged > 0) deps.log.info({ payload: { purged, objectsDeleted } }, 'expired documents purged');
  return { purged, objectsDeleted, more: rows.length === PURGE_BATCH };
}
