import type { Knex } from 'knex';
import type { GroupStatus } from '../domain';
import { getGroup } from './groups-repo';
import { getQuota, type StoredQuota } from './quotas-repo';

/** A quota record a member holds, with what its group tells about it: seats (for the display), status, end date. */
export interface Holding {
  quota: StoredQuota;
  maxQuotas: number;
  groupStatus: GroupStatus;
  /** The business date the group ended: its closing, or the day it was cancelled; else null. */
  groupEndedOn: string | null;
}

/**
 * Every quota record the member holds now — or, with `former`, ever held (a transfer moves the record on, but its
 * books keep the former holder's payments) — in any group, by group and seat.
 */
export async function holdingsOfMember(db: Knex, memberId: string, o: { former?: boolean } = {}): Promise<Holding[]> {
  const ids: { id: string }[] = await db('groups.quotas')
    .where({ member_id: memberId })
    .modify((q) => {
      if (o.former) q.orWhereIn('id', db('groups.quota_holders').where({ member_id: memberId }).select('quota_id'));
    })
    .orderBy([{ column: 'group_id' }, { column: 'number' }, { column: 'version' }])
    .select('id');
  const holdings: Holding[] = [];
  for (const { id } of ids) {
    const quota = (await getQuota(db, id))!;
    const group = (await getGroup(db, quota.groupId))!;
    const status = group.state.status;
    // A cancelled group's closedOn is the business day it was cancelled (group-lifecycle.ts), like a closing's.
    const endedOn = status === 'CLOSED' || status === 'CANCELLED' ? group.state.closedOn : null;
    holdings.push({ quota, maxQuotas: group.state.params.maxQuotas, groupStatus: status, groupEndedOn: endedOn });
  }
  return holdings;
}
