import type { Knex } from 'knex';
import { QuotaEnrolled, QuotaTransferred } from '@consorcio/shared/gen/consorcio/events/v1/groups_events';
import { entriesOfTypes } from '../db/log-repo';
import { decodeLeaf } from '../domain/leaf';

const HOLDING_EVENTS = ['groups.quota.enrolled', 'groups.quota.transferred'] as const;

/**
 * Whether the entries of `aggregateId` are about this member: their own member record, or a quota they hold or
 * held. Read from the log itself (the quota's enrolment and transfers), so it needs no other service.
 */
export async function isAboutMember(db: Knex, memberId: string, aggregateId: string): Promise<boolean> {
  if (aggregateId === memberId) return true;
  for (const entry of await entriesOfTypes(db, aggregateId, HOLDING_EVENTS)) {
    const leaf = decodeLeaf(entry.leaf);
    if (!leaf) continue;
    if (leaf.eventType === 'groups.quota.enrolled' && QuotaEnrolled.decode(leaf.payload).memberId === memberId) {
      return true;
    }
    if (leaf.eventType === 'groups.quota.transferred') {
      const t = QuotaTransferred.decode(leaf.payload);
      if (t.toMemberId === memberId || t.fromMemberId === memberId) return true;
    }
  }
  return false;
}
