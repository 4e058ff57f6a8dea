import type { Knex } from 'knex';
import { markPurged, releaseContent } from './purge';
import type { DocumentsDeps } from './deps';

/** The kinds a member uploads; generated documents (contracts, minutes) are the group's records and stay. */
export const MEMBER_UPLOAD_KINDS = ['IDENTITY', 'INCOME_PROOF', 'ASSET_DOCUMENT'] as const;

/**
 * An erased member's uploads that no legal duty keeps (LGPD art. 16 I; the rules of `domain/retention.ts`):
 *  - an upload kept for a group (it names the group or a record of it) stays while that group is open
 *    (`retain_until` null) or its 5 years after closing have not passed (`retain_until` today or later);
 *  - an upload naming no group stays while the member holds a record in a group that is open or closed less than
 *    the retention's years ago (its documents back that record). Its own `retain_until` (upload + days) is a
 *    keeping period, not a legal duty: the erasure does not wait for it.
 * Everything else goes at once. What stays is purged by the retention job when its time is over.
 */
async function erasable(
  trx: Knex.Transaction,
  deps: DocumentsDeps,
  memberId: string,
  today: string,
): Promise<{ id: string; sha256: string }[]> {
  const res = await trx.raw<{ rows: { id: string; sha256: string }[] }>(
    `select d.id, d.sha256 from documents.documents d
      where d.owner_member_id = ? and d.kind = any(?::text[]) and d.purged_at is null
        and case when d.group_id is not null
              then d.retain_until is not null and d.retain_until < ?::date
              else not exists (
                select 1 from documents.quotas q join documents.groups g on g.id = q.group_id
                 where q.member_id = d.owner_member_id
                   and (g.closed_on is null or g.closed_on + make_interval(years => ?) >= ?::date))
            end
      order by d.id`,
    [memberId, [...MEMBER_UPLOAD_KINDS], today, deps.retention.yearsAfterClosing, today],
  );
  return res.rows;
}

/**
 * groups.member.erased, in the consumer's transaction: every erasable upload of the member is marked purged with
 * `documents.document.purged` (step 1 of a purge). Resolves the contents to release once that transaction has
 * committed (step 2); should the process stop before, the retention job's next round releases them.
 */
export async function purgeErasedMemberUploads(
  deps: DocumentsDeps,
  trx: Knex.Transaction,
  memberId: string,
  correlationId: string,
): Promise<string[]> {
  const release = new Set<string>();
  for (const doc of await erasable(trx, deps, memberId, deps.clock.today())) {
    if ((await markPurged(deps, trx, doc, correlationId)) === 'unreferenced') release.add(doc.sha256);
  }
  return [...release];
}

/** Step 2 for the contents an erasure left unreferenced; failures are left to the retention job. */
export async function releaseAfterErasure(deps: DocumentsDeps, contents: readonly string[]): Promise<void> {
  for (const sha256 of contents) {
    try {
      await releaseContent(deps, sha256);
    } catch (err) {
      deps.log.warn(
        { payload: { sha256, error: String(err) } },
        'object release after erasure failed; the job retries',
      );
    }
  }
}
