import { ValidationError } from '@consorcio/shared/errors';
import { requireId } from '@consorcio/shared/input';
import type { MemberChannel } from '../domain/kinds';
import { readPreferences, savePreferences, type MemberPreferences } from '../db/preferences-repo';
import type { NotificationsDeps } from './deps';

export function getPreferences(deps: NotificationsDeps, memberId: string): Promise<MemberPreferences> {
  requireId('member_id', memberId);
  return readPreferences(deps.db, memberId);
}

/**
 * Turns a member's channels on or off (LGPD consent is the member's; staff may record it for them). Each channel at
 * most once per request; channels not named keep their value. From the next event on, a channel turned off gets no
 * notification; what is already pending is still delivered.
 */
export async function updatePreferences(
  deps: NotificationsDeps,
  memberId: string,
  changes: readonly { channel: MemberChannel | undefined; enabled: boolean }[],
  updatedBy: string,
): Promise<MemberPreferences> {
  requireId('member_id', memberId);
  const seen = new Set<MemberChannel>();
  const valid: { channel: MemberChannel; enabled: boolean }[] = [];
  changes.forEach((c, i) => {
    if (!c.channel) throw new ValidationError(`channels[${i}].channel`, 'must be EMAIL, SMS or PUSH');
    if (seen.has(c.channel)) throw new ValidationError(`channels[${i}].channel`, `${c.channel} is named twice`);
    seen.add(c.channel);
    valid.push({ channel: c.channel, enabled: c.enabled });
  });
  await deps.db.transaction((trx) => savePreferences(trx, memberId, valid, updatedBy));
  return readPreferences(deps.db, memberId);
}
