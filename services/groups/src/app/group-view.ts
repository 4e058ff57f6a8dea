import type { Knex } from 'knex';
import { NotFoundError } from '@consorcio/shared/errors';
import { getGroup, type GroupRecord } from '../db/groups-repo';
import { occupiedCount } from '../db/quotas-repo';

/** A group as the API shows it: its record plus how many seats are held. */
export interface GroupView {
  record: GroupRecord;
  occupiedQuotas: number;
}

export async function viewOf(db: Knex, record: GroupRecord): Promise<GroupView> {
  return { record, occupiedQuotas: await occupiedCount(db, record.id) };
}

export async function loadGroupView(db: Knex, groupId: string): Promise<GroupView> {
  const record = await getGroup(db, groupId);
  if (!record) throw new NotFoundError('group', groupId);
  return viewOf(db, record);
}
