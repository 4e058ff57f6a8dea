import { ScalarType, type DescField } from '@bufbuild/protobuf';

/**
 * A request that cannot become a protobuf message: bad JSON, a wrong type, an unknown body key, a
 * query parameter given twice. `field` names the field by its proto path (`page.page_size`), or is
 * `body` / `query` for the request as a whole; the message reads `<field>: <description>`.
 */
export class TranscodeError extends Error {
  constructor(
    readonly field: string,
    readonly description: string,
  ) {
    super(`${field}: ${description}`);
    this.name = 'TranscodeError';
  }
}

const INTEGERS = new Set<ScalarType>([
  ScalarType.INT32,
  ScalarType.SINT32,
  ScalarType.SFIXED32,
  ScalarType.UINT32,
  ScalarType.FIXED32,
  ScalarType.INT64,
  ScalarType.SINT64,
  ScalarType.SFIXED64,
  ScalarType.UINT64,
  ScalarType.FIXED64,
]);

/** The proto name of a scalar type, for messages: `int64`. */
export function scalarName(t: ScalarType): string {
  return ScalarType[t].toLowerCase();
}

/** Whether a scalar type is one of the ten integer types. */
export function isIntegerScalar(t: ScalarType): boolean {
  return INTEGERS.has(t);
}

/**
 * Why @bufbuild/protobuf's `fromJson` refused `value` for `field`, in words a client understands:
 * its own explanation when nothing clearer applies, without the "cannot decode … from JSON:" prefix.
 */
export function describeJsonError(field: DescField, value: unknown, err: unknown): string {
  const shown = JSON.stringify(value) ?? String(value);
  const scalar = field.fieldKind === 'scalar' ? field.scalar : undefined;
  if (scalar !== undefined && isIntegerScalar(scalar)) {
    if (
      (typeof value === 'string' && !/^-?\d+$/.test(value)) ||
      (typeof value === 'number' && !Number.isInteger(value))
    ) {
      return `${shown} is not an integer`;
    }
    if (typeof value !== 'string' && typeof value !== 'number') {
      return `expected an integer (${scalarName(scalar)}), got ${shown}`;
    }
  }
  if (scalar === ScalarType.STRING && typeof value !== 'string') return `expected a string, got ${shown}`;
  if (scalar === ScalarType.BOOL && typeof value !== 'boolean') return `expected true or false, got ${shown}`;
  if (field.fieldKind === 'enum' && typeof value === 'string') {
    return `${shown} is not a value of enum ${field.enum.typeName}`;
  }
  if (field.fieldKind === 'message' && typeof value !== 'object' && !isStringMessage(field.message.typeName)) {
    return `expected a JSON object, got ${shown}`;
  }
  return libraryReason(err);
}

/** The library's own reason, without the "cannot decode … from JSON:" prefix. */
export function libraryReason(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause: unknown = err.cause;
  const message = cause instanceof Error ? cause.message : err.message;
  return message.replace(/^cannot decode .*? from JSON: /, '');
}

function isStringMessage(typeName: string): boolean {
  return typeName.startsWith('google.protobuf.') && typeName !== 'google.protobuf.Struct';
}
