import { NotFoundError } from '@consorcio/shared/errors';
import { isUuid } from '@consorcio/shared/ids';
import { readPage, nextPageToken } from '@consorcio/shared/grpc';
import type { GroupStatus, QuotaStatus } from '../domain';
import { getGroup, listGroups } from '../db/groups-repo';
import { getQuota, listQuotas, type StoredQuota } from '../db/quotas-repo';
import type { GroupsDeps } from './deps';
import { loadGroupView, viewOf, type GroupView } from './group-view';
import { requireId } from '@consorcio/shared/input';

type Page = { pageSize: number; pageToken: string } | undefined;

export async function getGroupQuery(deps: GroupsDeps, groupId: string): Promise<GroupView> {
  requireId('group_id', groupId);
  return loadGroupView(deps.db, groupId);
}

// Tokens come back from clients: only what this API could have issued passes.
const isId = (v: unknown): v is string => isUuid(v);
const isSeat = (v: unknown): v is [number, number] =>
  Array.isArray(v) && v.length === 2 && v.every((n) => Number.isInteger(n) && n >= 0 && n <= 2_147_483_647);

export async function listGroupsQuery(
  deps: GroupsDeps,
  q: { page: Page; status: GroupStatus | undefined },
): Promise<{ groups: GroupView[]; nextPageToken: string }> {
  const page = readPage(q.page, isId);
  const records = await listGroups(deps.db, {
    limit: page.limit,
    ...(q.status ? { status: q.status } : {}),
    ...(page.after ? { afterId: page.after } : {}),
  });
  return {
    groups: await Promise.all(records.map((r) => viewOf(deps.db, r))),
    nextPageToken: nextPageToken(records, page.limit, (r) => r.id),
  };
}

export async function getQuotaQuery(
  deps: GroupsDeps,
  quotaId: string,
): Promise<{ quota: StoredQuota; maxQuotas: number }> {
  requireId('quota_id', quotaId);
  const quota = await getQuota(deps.db, quotaId);
  if (!quota) throw new NotFoundError('quota', quotaId);
  const group = await getGroup(deps.db, quota.groupId);
  if (!group) throw new NotFoundError('group', quota.groupId);
  return { quota, maxQuotas: group.state.params.maxQuotas };
}

export async function listQuotasQuery(
  deps: GroupsDeps,
  q: { groupId: string; page: Page; status: QuotaStatus | undefined; memberId: string },
): Promise<{ quotas: StoredQuota[]; maxQuotas: number; nextPageToken: string }> {
  requireId('group_id', q.groupId);
  if (q.memberId) requireId('member_id', q.memberId);
  const group = await getGroup(deps.db, q.groupId);
  if (!group) throw new NotFoundError('group', q.groupId);
  const page = readPage(q.page, isSeat);
  const quotas = await listQuotas(deps.db, {
    groupId: q.groupId,
    limit: page.limit,
    ...(q.status ? { status: q.status } : {}),
    ...(q.memberId ? { memberId: q.memberId } : {}),
    ...(page.after ? { after: page.after } : {}),
  });
  return {
    quotas,
    maxQuotas: group.state.params.maxQuotas,
    nextPageToken: nextPageToken(quotas, page.limit, (x) => [x.number, x.version] as [number, number]),
  };
}
