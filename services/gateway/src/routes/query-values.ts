import { ScalarType, type DescEnum, type DescField, type DescMessage, type JsonValue } from '@bufbuild/protobuf';
import { TranscodeError, isIntegerScalar, scalarName } from './transcode-error';

const STRING_MESSAGES = new Set(['google.protobuf.Timestamp', 'google.protobuf.Duration', 'google.protobuf.FieldMask']);
const RANGES: Partial<Record<ScalarType, [bigint, bigint]>> = {
  [ScalarType.INT32]: [-(2n ** 31n), 2n ** 31n - 1n],
  [ScalarType.SINT32]: [-(2n ** 31n), 2n ** 31n - 1n],
  [ScalarType.SFIXED32]: [-(2n ** 31n), 2n ** 31n - 1n],
  [ScalarType.UINT32]: [0n, 2n ** 32n - 1n],
  [ScalarType.FIXED32]: [0n, 2n ** 32n - 1n],
  [ScalarType.INT64]: [-(2n ** 63n), 2n ** 63n - 1n],
  [ScalarType.SINT64]: [-(2n ** 63n), 2n ** 63n - 1n],
  [ScalarType.SFIXED64]: [-(2n ** 63n), 2n ** 63n - 1n],
  [ScalarType.UINT64]: [0n, 2n ** 64n - 1n],
  [ScalarType.FIXED64]: [0n, 2n ** 64n - 1n],
};
const FLOAT = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;

/**
 * The ProtoJSON value of the text of a query parameter or path variable for a (leaf) field, as
 * grpc-gateway reads them: integers in decimal (64-bit ones kept as strings), bools `true`/`false`,
 * enums by name or number, Timestamps/Durations/FieldMasks in their JSON string form, wrappers as
 * their scalar. `label` names the field in errors: `page.page_size: "abc" is not an integer`.
 */
export function textToJson(field: DescField, text: string, label: string): JsonValue {
  switch (field.fieldKind) {
    case 'scalar':
      return scalarText(field.scalar, text, label);
    case 'enum':
      return enumText(field.enum, text, label);
    case 'message':
      return messageText(field.message, text, label);
    case 'list':
      if (field.listKind === 'scalar') return scalarText(field.scalar, text, label);
      if (field.listKind === 'enum') return enumText(field.enum, text, label);
      return messageText(field.message, text, label);
    case 'map':
      throw new TranscodeError(label, 'a map field cannot be set from a query parameter');
  }
}

function scalarText(t: ScalarType, text: string, label: string): JsonValue {
  const shown = JSON.stringify(text);
  if (isIntegerScalar(t)) {
    if (!/^[-+]?\d+$/.test(text)) throw new TranscodeError(label, `${shown} is not an integer`);
    const n = BigInt(text);
    const [min, max] = RANGES[t] ?? [0n, 0n];
    if (n < min || n > max) throw new TranscodeError(label, `${shown} is out of range for ${scalarName(t)}`);
    // 64-bit integers travel as JSON strings, as ProtoJSON writes them.
    return max > 2n ** 32n ? n.toString() : Number(n);
  }
  switch (t) {
    case ScalarType.BOOL:
      if (text === 'true') return true;
      if (text === 'false') return false;
      throw new TranscodeError(label, `${shown} is not a boolean (true or false)`);
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      if (text === 'NaN' || text === 'Infinity' || text === '-Infinity') return text;
      if (!FLOAT.test(text)) throw new TranscodeError(label, `${shown} is not a number`);
      return Number(text);
    default:
      // string, and bytes (base64, checked by the JSON reader)
      return text;
  }
}

function enumText(desc: DescEnum, text: string, label: string): JsonValue {
  if (/^-?\d+$/.test(text)) return Number(text);
  if (!desc.values.some((v) => v.name === text)) {
    throw new TranscodeError(label, `${JSON.stringify(text)} is not a value of enum ${desc.typeName}`);
  }
  return text;
}

function messageText(desc: DescMessage, text: string, label: string): JsonValue {
  if (STRING_MESSAGES.has(desc.typeName)) return text;
  const wrapped = desc.fields[0];
  if (
    desc.typeName.startsWith('google.protobuf.') &&
    desc.typeName.endsWith('Value') &&
    wrapped?.fieldKind === 'scalar'
  ) {
    return scalarText(wrapped.scalar, text, label);
  }
  throw new TranscodeError(label, `a ${desc.typeName} field cannot be set from a query parameter`);
}
