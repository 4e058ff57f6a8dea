import { silentLogger, type BusLogger } from '../bus';
import {
  SETTING_KEYS,
  specOf,
  type AnySettingValue,
  type KeysOfType,
  type SettingKey,
  type SettingValueOf,
} from './catalogue';
import { decodeSettingValue } from './setting-value';

/** One setting as the settings service answers it: the value's JSON text and its version. */
export interface LoadedSetting {
  key: string;
  /** JSON text, as stored (`true`, `15000`, `"text"`). */
  value: string;
  version: bigint;
}

/** What services read: typed by the catalogue, never failing (a default when nothing better is known). */
export interface Settings {
  bool(key: KeysOfType<'BOOL'>): boolean;
  /** INT settings are bounded well inside the safe integers, so they come as numbers. */
  int(key: KeysOfType<'INT'>): number;
  seconds(key: KeysOfType<'DURATION_SECONDS'>): number;
  pct(key: KeysOfType<'PCT'>): bigint;
  centavos(key: KeysOfType<'CENTAVOS'>): bigint;
  string(key: KeysOfType<'STRING'>): string;
  get<K extends SettingKey>(key: K): SettingValueOf<K>;
  /** The version in force here (0: the catalogue default). */
  version(key: SettingKey): bigint;
}

export interface SettingsCacheOptions {
  /** Reads every setting from the settings service; absent: catalogue defaults only. */
  load?: () => Promise<readonly LoadedSetting[]>;
  log?: BusLogger;
  /** Safety reload, in case a change event was missed (ms, default 60 000). */
  reloadMs?: number;
  /** Pause before trying again after a failed load (ms, default 5 000). */
  retryMs?: number;
  /** Called after a reload changed a value, with the keys that changed. */
  onChange?: (keys: SettingKey[]) => void;
}

interface Entry {
  value: AnySettingValue;
  version: bigint;
}

function defaults(): Map<SettingKey, Entry> {
  return new Map(SETTING_KEYS.map((k) => [k, { value: specOf(k).default, version: 0n }]));
}

/**
 * Every setting in memory, read synchronously by use cases. Loads everything from the settings service at start
 * and again whenever `reload()` is called (the change listener calls it on every `settings.setting.changed`), plus
 * a periodic safety reload. While the settings service cannot be reached the catalogue defaults (or the last
 * values loaded) stay in force and loading is retried; a stored value today's catalogue refuses is replaced by
 * its default, with a warning.
 */
export class SettingsCache implements Settings {
  private entries = defaults();
  private readonly log: BusLogger;
  private timer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private loading: Promise<boolean> | undefined;
  private again = false;
  private stopped = false;
  private loadedOnce = false;

  constructor(private readonly o: SettingsCacheOptions = {}) {
    this.log = o.log ?? silentLogger;
  }

  /** True once a load from the settings service succeeded. */
  get loaded(): boolean {
    return this.loadedOnce;
  }

  /** Tries the first load (never throws: defaults stay on failure) and starts the periodic reload. */
  async start(): Promise<void> {
    if (!this.o.load) return;
    this.timer = setInterval(() => void this.reload(), this.o.reloadMs ?? 60_000);
    this.timer.unref();
    await this.reload();
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.retryTimer);
  }

  /**
   * Loads every setting again; resolves true when it succeeded. Calls arriving during a load run one more load
   * after it, so a change committed meanwhile is never missed and two loads never race.
   */
  reload(): Promise<boolean> {
    if (!this.o.load || this.stopped) return Promise.resolve(false);
    if (this.loading) {
      this.again = true;
      return this.loading;
    }
    const run = async (): Promise<boolean> => {
      let ok: boolean;
      do {
        this.again = false;
        ok = await this.loadOnce();
      } while (this.again && !this.stopped);
      return ok;
    };
    this.loading = run().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async loadOnce(): Promise<boolean> {
    try {
      const rows = await this.o.load!();
      this.apply(rows);
      this.loadedOnce = true;
      return true;
    } catch (err) {
      // One line, no stack: at start-up the settings service is often a few seconds behind, and that is expected.
      const reason = err instanceof Error ? err.message : String(err);
      this.log.warn({ payload: { reason } }, 'settings service unreachable; keeping the values in force and retrying');
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => void this.reload(), this.o.retryMs ?? 5_000);
      this.retryTimer.unref();
      return false;
    }
  }

  private apply(rows: readonly LoadedSetting[]): void {
    const next = defaults();
    for (const row of rows) {
      const key = row.key as SettingKey;
      if (!next.has(key)) continue; // a key this build does not know yet
      try {
        next.set(key, { value: decodeSettingValue(key, row.value), version: row.version });
      } catch (err) {
        this.log.warn({ err, payload: { key } }, 'stored setting refused by the catalogue; using its default');
      }
    }
    const changed = SETTING_KEYS.filter((k) => this.entries.get(k)?.version !== next.get(k)?.version);
    this.entries = next;
    if (changed.length > 0) {
      this.log.info({ payload: { keys: changed } }, 'settings changed');
      this.o.onChange?.(changed);
    }
  }

  get<K extends SettingKey>(key: K): SettingValueOf<K> {
    return (this.entries.get(key)?.value ?? specOf(key).default) as SettingValueOf<K>;
  }

  version(key: SettingKey): bigint {
    return this.entries.get(key)?.version ?? 0n;
  }

  bool(key: KeysOfType<'BOOL'>): boolean {
    return this.get(key);
  }

  int(key: KeysOfType<'INT'>): number {
    return Number(this.get(key));
  }

  seconds(key: KeysOfType<'DURATION_SECONDS'>): number {
    return Number(this.get(key));
  }

  pct(key: KeysOfType<'PCT'>): bigint {
    return this.get(key);
  }

  centavos(key: KeysOfType<'CENTAVOS'>): bigint {
    return this.get(key);
  }

  string(key: KeysOfType<'STRING'>): string {
    return this.get(key);
  }
}

/** Settings that are the catalogue defaults and nothing else (a service run without a settings service). */
export function defaultSettings(): Settings {
  return new SettingsCache();
}
