import type { RestClient } from './api/rest-client';

/** A group as GET /v1/groups/{id} answers it (ProtoJSON: fields at their default are absent). */
export interface GroupView {
  groupId: string;
  code: string;
  status: string;
  parameters?: { dueDay?: number; termMonths?: number; maxQuotas?: number };
  assembliesHeld?: number;
  occupiedQuotas?: number;
  publishedOn?: string;
  formationDeadline?: string;
  constitutedOn?: string;
}

export async function getGroup(client: RestClient, groupId: string): Promise<GroupView> {
  return (await client.get<{ group: GroupView }>(`/v1/groups/${encodeURIComponent(groupId)}`)).group;
}

/** The group's due day; 10, the platform default, when the answer leaves it out. */
export const dueDayOf = (g: GroupView): number => g.parameters?.dueDay ?? 10;

/** An enum name without its type's prefix, for people: GROUP_STATUS_ACTIVE → ACTIVE. */
export const shortEnum = (name: string | undefined, prefix: string): string =>
  (name ?? `${prefix}UNSPECIFIED`).replace(prefix, '');
