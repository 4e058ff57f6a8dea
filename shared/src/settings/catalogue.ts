/**
 * The catalogue of every setting the platform knows: its type, bounds, default and whether it affects money (then a
 * change needs a second operator). The settings service refuses any other key; every service's cache falls back to
 * these defaults while the settings service cannot be reached.
 */

export const SETTING_TYPES = ['BOOL', 'INT', 'PCT', 'CENTAVOS', 'STRING', 'DURATION_SECONDS'] as const;
export type SettingType = (typeof SETTING_TYPES)[number];

/** The integer kinds; all of them are bigint in the catalogue, the proto (int64) and the store. */
export type IntegerType = Exclude<SettingType, 'BOOL' | 'STRING'>;

interface SpecBase {
  readonly description: string;
  /** True when the value changes what someone pays or receives: changes go through maker-checker. */
  readonly affectsMoney: boolean;
  /** Why the bounds are what they are (a law, a product limit), quoted in the error when a value breaks them. */
  readonly basis?: string;
}

export interface BoolSpec extends SpecBase {
  readonly type: 'BOOL';
  readonly default: boolean;
}

export interface IntegerSpec extends SpecBase {
  readonly type: IntegerType;
  readonly default: bigint;
  /** Inclusive bounds. */
  readonly min: bigint;
  readonly max: bigint;
}

export interface StringSpec extends SpecBase {
  readonly type: 'STRING';
  readonly default: string;
  readonly maxLength: number;
}

export type SettingSpec = BoolSpec | IntegerSpec | StringSpec;

const MIB = 1024n * 1024n;

export const SETTINGS_CATALOGUE = {
  'groups.plan_defaults.late_fine_pct': {
    type: 'PCT',
    default: 20_000n,
    min: 0n,
    max: 20_000n,
    affectsMoney: true,
    basis: 'CDC art. 52 §1 caps the late fine at 2 %',
    description: "Late fine of a new group's plan when the plan does not set one (pct units; 20000 = 2 %).",
  },
  'groups.plan_defaults.late_interest_monthly_pct': {
    type: 'PCT',
    default: 10_000n,
    min: 0n,
    max: 10_000n,
    affectsMoney: true,
    basis: 'late interest is capped at the legal 1 % a month',
    description: "Monthly late interest of a new group's plan when the plan does not set one (pct units; 10000 = 1 %).",
  },
  'notifications.sms.enabled': {
    type: 'BOOL',
    default: true,
    affectsMoney: false,
    description: 'Send notifications by SMS where an SMS gateway is configured (false switches the channel off).',
  },
  'notifications.push.enabled': {
    type: 'BOOL',
    default: true,
    affectsMoney: false,
    description: 'Send push messages where a push gateway is configured (false switches the channel off).',
  },
  'notifications.due_soon_days': {
    type: 'INT',
    default: 3n,
    min: 0n,
    max: 30n,
    affectsMoney: false,
    description: 'How many days before a due date members are reminded of it (0: no reminder).',
  },
  'documents.upload.max_bytes': {
    type: 'INT',
    default: 10n * MIB,
    min: 1024n,
    max: 32n * MIB,
    basis: 'a document travels as one gRPC message, and the platform carries at most 40 MiB per message',
    affectsMoney: false,
    description: 'Largest document a member or an operator may upload, in bytes.',
  },
  'reports.cache_ttl_seconds': {
    type: 'DURATION_SECONDS',
    default: 60n,
    min: 0n,
    max: 86_400n,
    affectsMoney: false,
    description: 'How long a generated report is served from the cache, in seconds (0: never cached).',
  },
} as const satisfies Record<string, SettingSpec>;

export type Catalogue = typeof SETTINGS_CATALOGUE;
export type SettingKey = keyof Catalogue;

/** The keys whose type is `T`, e.g. `KeysOfType<'BOOL'>`. */
export type KeysOfType<T extends SettingType> = {
  [K in SettingKey]: Catalogue[K]['type'] extends T ? K : never;
}[SettingKey];

/** The TypeScript type of a value of type `T`. */
export type ValueOfType<T extends SettingType> = T extends 'BOOL' ? boolean : T extends 'STRING' ? string : bigint;

/** The TypeScript type of the value of setting `K`. */
export type SettingValueOf<K extends SettingKey> = ValueOfType<Catalogue[K]['type']>;

/** Any setting's value. */
export type AnySettingValue = boolean | bigint | string;

export const SETTING_KEYS = Object.keys(SETTINGS_CATALOGUE) as SettingKey[];

/** True when `key` names a known setting. */
export function isSettingKey(key: string): key is SettingKey {
  return Object.prototype.hasOwnProperty.call(SETTINGS_CATALOGUE, key);
}

/** The spec of a known key. */
export function specOf(key: SettingKey): SettingSpec {
  return SETTINGS_CATALOGUE[key];
}
