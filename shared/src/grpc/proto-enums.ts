import { ValidationError } from '../errors';

type ProtoEnum = Record<string, string | number>;

/**
 * Proto enum value → domain literal, by name: GROUP_STATUS_DRAFT → 'DRAFT'. UNSPECIFIED (0) gives
 * undefined, so the caller decides whether the field is required; an unknown number is a
 * ValidationError naming the field.
 */
export function fromProtoEnum<T extends string>(
  protoEnum: ProtoEnum,
  prefix: string,
  value: number,
  field: string,
): T | undefined {
  if (value === 0) return undefined;
  const name = protoEnum[value];
  if (typeof name !== 'string' || !name.startsWith(prefix)) {
    throw new ValidationError(field, `unknown value ${value}`);
  }
  return name.slice(prefix.length) as T;
}

/** Domain literal → proto enum value: 'DRAFT' → GROUP_STATUS_DRAFT. */
export function toProtoEnum<E extends number>(
  protoEnum: ProtoEnum,
  prefix: string,
  value: string | null | undefined,
): E {
  if (!value) return 0 as E;
  const n = protoEnum[`${prefix}${value}`];
  if (typeof n !== 'number') throw new Error(`no ${prefix}${value} in the proto enum`);
  return n as E;
}
