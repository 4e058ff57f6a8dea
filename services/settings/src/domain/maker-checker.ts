import { RuleViolation, ValidationError } from '@consorcio/shared/errors';
import { specOf, type SettingKey } from '@consorcio/shared/settings';

/**
 * The rules of changing a setting, as pure functions. Settings that affect money change only through
 * maker-checker: one operator proposes (the maker), another confirms (the checker); others change at once. A
 * proposal is made against the key's version then; once another change of the key applies, it is stale.
 */

export const CHANGE_STATUSES = ['PENDING', 'APPLIED', 'REJECTED', 'SUPERSEDED'] as const;
export type ChangeStatus = (typeof CHANGE_STATUSES)[number];

/** What the rules need to know about a change. */
export interface ChangeFacts {
  status: ChangeStatus;
  proposedBy: string;
  /** The key's version when it was proposed. */
  baseVersion: bigint;
}

export const MAX_REASON_LENGTH = 500;

/** A reason, trimmed; at most {@link MAX_REASON_LENGTH} characters. */
export function checkReason(reason: string, field = 'reason'): string {
  const r = (reason ?? '').trim();
  if (r.length > MAX_REASON_LENGTH) throw new ValidationError(field, `must be at most ${MAX_REASON_LENGTH} characters`);
  return r;
}

/** A direct change (ChangeSetting) is only for settings that do not affect money. */
export function checkDirectChange(key: SettingKey): void {
  if (specOf(key).affectsMoney)
    throw new RuleViolation(
      'maker_checker_required',
      `${key} affects money: propose the change (ProposeChange) and have another operator confirm it`,
    );
}

/** A change must change something. */
export function checkDiffers(key: SettingKey, currentText: string, newText: string): void {
  if (currentText === newText) throw new ValidationError('value', `${key} is already ${newText}`);
}

/** A change made against an expected version applies only while the setting is still at it. */
export function checkExpectedVersion(key: SettingKey, current: bigint, expected: bigint | undefined): void {
  if (expected !== undefined && expected !== current)
    throw new RuleViolation('version_mismatch', `${key} is at version ${current}, not ${expected}`);
}

/**
 * Whether `confirmer` may confirm the change now: 'apply', or 'done' when it already was applied (a retried
 * confirmation answers the same result).
 * @throws RuleViolation `maker_checker` when the proposer confirms their own change; `stale_proposal` when the
 * setting moved on since the proposal; `change_rejected` for a rejected one.
 */
export function checkConfirmation(change: ChangeFacts, confirmer: string, currentVersion: bigint): 'apply' | 'done' {
  if (change.status === 'APPLIED') return 'done';
  if (change.status === 'REJECTED') throw new RuleViolation('change_rejected', 'the change was rejected');
  if (change.proposedBy === confirmer)
    throw new RuleViolation(
      'maker_checker',
      'the operator who proposed a change cannot confirm it; another operator must (four eyes)',
    );
  if (change.status === 'SUPERSEDED' || currentVersion !== change.baseVersion)
    throw new RuleViolation(
      'stale_proposal',
      `the setting changed since the proposal (version ${change.baseVersion}, now ${currentVersion}): propose again`,
    );
  return 'apply';
}

/**
 * Whether the change may be rejected now: 'reject', or 'done' when it already was (anyone of the staff may reject,
 * the proposer included: that withdraws it).
 * @throws RuleViolation `change_applied` / `stale_proposal` when it is no longer pending.
 */
export function checkRejection(change: ChangeFacts): 'reject' | 'done' {
  if (change.status === 'REJECTED') return 'done';
  if (change.status === 'APPLIED') throw new RuleViolation('change_applied', 'the change is already applied');
  if (change.status === 'SUPERSEDED')
    throw new RuleViolation('stale_proposal', 'the change was superseded by another change of the setting');
  return 'reject';
}
