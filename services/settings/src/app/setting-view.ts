import type { Knex } from 'knex';
import {
  decodeSettingValue,
  SETTING_KEYS,
  specOf,
  type AnySettingValue,
  type SettingKey,
} from '@consorcio/shared/settings';
import { storedValue, storedValues, type StoredValue } from '../db/settings-repo';

/** A setting as answered: its value in force (the default at version 0) and who set it when. */
export interface SettingView {
  key: SettingKey;
  value: AnySettingValue;
  /** JSON text of `value`. */
  text: string;
  version: bigint;
  updatedAt: Date | null;
  updatedBy: string;
}

/** The catalogue default's JSON text. */
export function defaultText(key: SettingKey): string {
  const d = specOf(key).default;
  return typeof d === 'bigint' ? d.toString() : JSON.stringify(d);
}

/**
 * The view of a key from its stored row. A stored value today's catalogue refuses (its bounds were tightened since)
 * is answered as the default, as every cache would read it, until the next change replaces it.
 */
export function viewOf(key: SettingKey, stored: StoredValue | undefined): SettingView {
  if (!stored) {
    const value = specOf(key).default;
    return { key, value, text: defaultText(key), version: 0n, updatedAt: null, updatedBy: '' };
  }
  const at = { version: stored.version, updatedAt: stored.updatedAt, updatedBy: stored.updatedBy };
  try {
    return { key, value: decodeSettingValue(key, stored.value), text: stored.value, ...at };
  } catch {
    return { key, value: specOf(key).default, text: defaultText(key), ...at };
  }
}

export async function settingView(db: Knex, key: SettingKey): Promise<SettingView> {
  return viewOf(key, await storedValue(db, key));
}

export async function allSettings(db: Knex): Promise<SettingView[]> {
  const stored = new Map((await storedValues(db)).map((v) => [v.key, v]));
  return SETTING_KEYS.map((k) => viewOf(k, stored.get(k)));
}
