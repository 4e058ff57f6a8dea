import { ValidationError } from '../errors';
import type { SettingValue as ProtoSettingValue } from '../gen/consorcio/settings/v1/settings';
import { formatBRL, formatPctDecimal } from '../money';
import {
  isSettingKey,
  SETTING_KEYS,
  specOf,
  type AnySettingValue,
  type IntegerSpec,
  type SettingKey,
  type SettingSpec,
} from './catalogue';

/**
 * Checking, encoding and decoding settings' values; pure functions. A value is stored and published as its JSON
 * text (`true`, `15000`, `"text"`): integers are written from their bigint digits, so nothing passes through a
 * float on the way.
 */

/** The key itself when the catalogue knows it; otherwise a ValidationError naming `field`. */
export function requireSettingKey(key: string, field = 'key'): SettingKey {
  if (typeof key === 'string' && isSettingKey(key)) return key;
  throw new ValidationError(field, `unknown setting "${String(key)}"; known settings: ${SETTING_KEYS.join(', ')}`);
}

function showInteger(spec: IntegerSpec, v: bigint): string {
  if (spec.type === 'PCT') return `${v} (${formatPctDecimal(v)})`;
  if (spec.type === 'CENTAVOS') return `${v} (${formatBRL(v)})`;
  return String(v);
}

const UNIT: Record<IntegerSpec['type'], string> = {
  INT: '',
  PCT: ' pct units',
  CENTAVOS: ' centavos',
  DURATION_SECONDS: ' seconds',
};

/** What a value of this spec must be, as an error's rule, e.g. `must be an integer between 0 and 20000 …`. */
export function ruleOf(key: SettingKey, spec: SettingSpec = specOf(key)): string {
  const basis = spec.basis ? ` (${spec.basis})` : '';
  switch (spec.type) {
    case 'BOOL':
      return `${key} must be true or false`;
    case 'STRING':
      return `${key} must be a string of at most ${spec.maxLength} characters`;
    default:
      return (
        `${key} must be an integer between ${showInteger(spec, spec.min)} and ` +
        `${showInteger(spec, spec.max)}${UNIT[spec.type]}${basis}`
      );
  }
}

/**
 * The value when it fits the key's type and bounds.
 * @throws ValidationError on `field`, naming the key and the rule.
 */
export function validateSettingValue(key: SettingKey, value: unknown, field = 'value'): AnySettingValue {
  const spec = specOf(key);
  const ok =
    spec.type === 'BOOL'
      ? typeof value === 'boolean'
      : spec.type === 'STRING'
        ? typeof value === 'string' && value.length <= spec.maxLength
        : typeof value === 'bigint' && value >= spec.min && value <= spec.max;
  if (!ok) throw new ValidationError(field, ruleOf(key, spec));
  return value as AnySettingValue;
}

/** The value's JSON text, as stored and published (validated first). */
export function encodeSettingValue(key: SettingKey, value: AnySettingValue): string {
  const v = validateSettingValue(key, value);
  return typeof v === 'bigint' ? v.toString() : JSON.stringify(v);
}

const INTEGER_TEXT = /^-?\d+$/;

/**
 * Reads a stored value back, checked against today's catalogue.
 * @throws ValidationError when the text is not a value of the key's type or breaks its bounds (the catalogue may
 * have tightened since it was written).
 */
export function decodeSettingValue(key: SettingKey, text: string, field = 'value'): AnySettingValue {
  const spec = specOf(key);
  let parsed: unknown;
  if (spec.type === 'BOOL' || spec.type === 'STRING') {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  } else {
    parsed = INTEGER_TEXT.test(text) ? BigInt(text) : undefined;
  }
  return validateSettingValue(key, parsed, field);
}

/** A value as the proto carries it. */
export function toProtoValue(value: AnySettingValue): ProtoSettingValue {
  if (typeof value === 'boolean') return { kind: { $case: 'boolValue', value } };
  if (typeof value === 'bigint') return { kind: { $case: 'intValue', value } };
  return { kind: { $case: 'stringValue', value } };
}

/**
 * A value from the proto, checked for the key: the case must match its type (int_value for every integer kind).
 * @throws ValidationError on `field` when it is missing, of another kind or out of bounds.
 */
export function fromProtoValue(
  key: SettingKey,
  value: ProtoSettingValue | undefined,
  field = 'value',
): AnySettingValue {
  if (!value?.kind) throw new ValidationError(field, `is required (${ruleOf(key)})`);
  return validateSettingValue(key, value.kind.value, field);
}
