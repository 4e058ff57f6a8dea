import { NotFoundError, ValidationError } from '@consorcio/shared/errors';
import { requireId } from '@consorcio/shared/input';
import { requireSettingKey } from '@consorcio/shared/settings';
import { findChange, listChanges, listHistory, type ChangeRecord } from '../db/settings-repo';
import { CHANGE_STATUSES, type ChangeStatus } from '../domain/maker-checker';
import type { SettingsDeps } from './deps';
import { allSettings, settingView, type SettingView } from './setting-view';

export function listSettingsQuery(deps: SettingsDeps): Promise<SettingView[]> {
  return allSettings(deps.db);
}

export function getSettingQuery(deps: SettingsDeps, key: string): Promise<SettingView> {
  return settingView(deps.db, requireSettingKey(key));
}

export async function getChangeQuery(deps: SettingsDeps, changeId: string): Promise<ChangeRecord> {
  requireId('change_id', changeId);
  const change = await findChange(deps.db, changeId);
  if (!change) throw new NotFoundError('setting change', changeId);
  return change;
}

/** Changes newest first, of one key (empty: all) and one status (undefined: all). */
export function listChangesQuery(
  deps: SettingsDeps,
  f: { key: string; status: ChangeStatus | undefined; before: string | undefined; limit: number },
): Promise<ChangeRecord[]> {
  if (f.status !== undefined && !CHANGE_STATUSES.includes(f.status))
    throw new ValidationError('status', `must be one of ${CHANGE_STATUSES.join(', ')}`);
  return listChanges(deps.db, {
    key: f.key === '' ? undefined : requireSettingKey(f.key),
    status: f.status,
    before: f.before,
    limit: f.limit,
  });
}

/** A key's history: its applied changes, newest version first. */
export function historyQuery(
  deps: SettingsDeps,
  key: string,
  beforeVersion: bigint | undefined,
  limit: number,
): Promise<ChangeRecord[]> {
  return listHistory(deps.db, requireSettingKey(key), beforeVersion, limit);
}
