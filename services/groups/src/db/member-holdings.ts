import type { Knex } from 'knex';
import type { GroupStatus } from '../domain';
import { getGroup } from './groups-repo';
import { getQuota, type StoredQuota } from './quotas-repo';

/** A quota record a member holds, with what its group tells about it: seats (for the display), status, end date. */
export interface Holding {
  quota: StoredQuota;
  maxQuotas: number;
  groupStatus: GroupStatus;
  /** The date the group ended: its closing, or for a cancelled group the day it was cancelled; else null. */
  groupEndedOn: string | null;
}

/** Every quota record the member holds now, in any group, by group and seat. */
export async function holdingsOfMember(db: Knex, memberId: string): Promise<Holding[]> {
  const ids: { id: string }[] = await db('groups.quotas')
    .where({ member_id: memberId })
    .orderBy([{ column: 'group_id' }, { column: 'number' }, { column: 'version' }])
    .select('id');
  const holdings: Holding[] = [];
  for (const { id } of ids) {
    const quota = (await getQuota(db, id))!;
    const group = (await getGroup(db, quota.groupId))!;
    const status = group.state.status;
    const endedOn =
      status === 'CLOSED'
        ? group.state.closedOn
        : status === 'CANCELLED'
          ? group.updatedAt.toISOString().slice(0, 10)
          : null;
    holdings.push({ quota, maxQuotas: group.state.params.maxQuotas, groupStatus: status, groupEndedOn: endedOn });
  }
  return holdings;
}
