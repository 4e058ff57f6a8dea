import type { Knex } from 'knex';
import { MEMBER_CHANNELS, type MemberChannel } from '../domain/kinds';

/** A member's channel choices; a channel without a row is on (opt-out model, see docs/notifications.md). */
export interface MemberPreferences {
  memberId: string;
  channels: Record<MemberChannel, boolean>;
  updatedAt: Date | undefined;
}

interface PreferenceRow {
  member_id: string;
  channel: MemberChannel;
  enabled: boolean;
  updated_at: Date;
}

export async function readPreferences(db: Knex, memberId: string): Promise<MemberPreferences> {
  const rows = await db<PreferenceRow>('notifications.preferences').where({ member_id: memberId });
  const channels = Object.fromEntries(MEMBER_CHANNELS.map((c) => [c, true])) as Record<MemberChannel, boolean>;
  let updatedAt: Date | undefined;
  for (const r of rows) {
    channels[r.channel] = r.enabled;
    if (!updatedAt || r.updated_at > updatedAt) updatedAt = r.updated_at;
  }
  return { memberId, channels, updatedAt };
}

export async function savePreferences(
  trx: Knex,
  memberId: string,
  changes: readonly { channel: MemberChannel; enabled: boolean }[],
  updatedBy: string,
): Promise<void> {
  if (changes.length === 0) return;
  await trx('notifications.preferences')
    .insert(
      changes.map((c) => ({
        member_id: memberId,
        channel: c.channel,
        enabled: c.enabled,
        updated_by: updatedBy,
        updated_at: trx.fn.now(),
      })),
    )
    .onConflict(['member_id', 'channel'])
    .merge(['enabled', 'updated_by', 'updated_at']);
}

/** The (member, channel) pairs turned off among these members. */
export async function optedOut(trx: Knex, memberIds: readonly string[]): Promise<Set<string>> {
  if (memberIds.length === 0) return new Set();
  const rows = await trx<PreferenceRow>('notifications.preferences')
    .whereIn('member_id', [...memberIds])
    .andWhere({ enabled: false })
    .select('member_id', 'channel');
  return new Set(rows.map((r) => `${r.member_id}:${r.channel}`));
}

/** Forgets a member's channel choices (erasure). */
export async function deletePreferencesOf(trx: Knex, memberId: string): Promise<number> {
  return trx('notifications.preferences').where({ member_id: memberId }).delete();
}
