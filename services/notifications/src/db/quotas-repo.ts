import type { Knex } from 'knex';
import type { QuotaFacts } from '../domain/facts';

/** Who holds each quota record (ids only), from groups' enrollment, transfer and exclusion events. */

export async function upsertHolder(trx: Knex, quota: QuotaFacts, memberId: string): Promise<void> {
  await trx('notifications.quotas')
    .insert({
      id: quota.quotaId,
      group_id: quota.groupId,
      number: quota.number,
      version: quota.version,
      member_id: memberId,
    })
    .onConflict('id')
    .merge(['member_id']);
}

/** Marks a record excluded; resolves false when the record is not projected yet. */
export async function markExcluded(trx: Knex, quotaId: string): Promise<boolean> {
  const n = await trx('notifications.quotas').where({ id: quotaId }).update({ excluded: true });
  return n > 0;
}

export async function holderOf(trx: Knex, quotaId: string): Promise<string | undefined> {
  const row = await trx('notifications.quotas')
    .where({ id: quotaId })
    .first<{ member_id: string } | undefined>('member_id');
  return row?.member_id;
}

/** The distinct holders of a group's records (optionally leaving out excluded records). */
export async function membersOfGroup(trx: Knex, groupId: string, includeExcluded: boolean): Promise<string[]> {
  const q = trx('notifications.quotas').where({ group_id: groupId }).distinct('member_id').orderBy('member_id');
  if (!includeExcluded) void q.where({ excluded: false });
  const rows = await q;
  return (rows as { member_id: string }[]).map((r) => r.member_id);
}
