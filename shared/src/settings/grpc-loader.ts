import { SettingsServiceClient, type SettingsServiceServer } from '../gen/consorcio/settings/v1/settings_service';
import { createClient, promiseClient } from '../grpc';
import type { SettingValue } from '../gen/consorcio/settings/v1/settings';
import type { LoadedSetting } from './settings-cache';

export const SETTINGS_SERVICE_NAME = 'consorcio.settings.v1.SettingsService';

/**
 * Reads every setting from the settings service (`ListSettings`, as the calling service: `bearerToken` gives its
 * SERVICE token). Values are handed on as JSON text unchecked: the cache checks each against this build's catalogue and keeps the
 * default of a value it refuses, so one odd value never stops the others from loading.
 */
export function grpcSettingsLoader(
  address: string,
  bearerToken: () => Promise<string>,
  deadlineMs = 3_000,
): { load(): Promise<LoadedSetting[]>; close(): void } {
  const client = createClient(SettingsServiceClient, SETTINGS_SERVICE_NAME, address, { bearerToken, deadlineMs });
  const api = promiseClient<SettingsServiceServer>(client);
  return {
    async load() {
      const { settings } = await api.listSettings({});
      return settings.map((s) => ({ key: s.key, value: jsonText(s.value), version: s.version }));
    },
    close: () => client.close(),
  };
}

/** A proto value's JSON text (`null` when absent, which no catalogue type accepts). */
function jsonText(v: SettingValue | undefined): string {
  const kind = v?.kind;
  if (!kind) return 'null';
  return kind.$case === 'intValue' ? kind.value.toString() : JSON.stringify(kind.value);
}
