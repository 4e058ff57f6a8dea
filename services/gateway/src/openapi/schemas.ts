import { ScalarType, type DescEnum, type DescField, type DescMessage } from '@bufbuild/protobuf';
import type { JsonSchema } from './openapi-types';
import { protoComment } from './proto-comments';

/** The JSON Schema of a scalar in ProtoJSON: 64-bit integers are strings, bytes base64. */
export function scalarSchema(t: ScalarType): JsonSchema {
  switch (t) {
    case ScalarType.STRING:
      return { type: 'string' };
    case ScalarType.BYTES:
      return { type: 'string', format: 'byte', contentEncoding: 'base64' };
    case ScalarType.BOOL:
      return { type: 'boolean' };
    case ScalarType.DOUBLE:
      return { type: 'number', format: 'double' };
    case ScalarType.FLOAT:
      return { type: 'number', format: 'float' };
    case ScalarType.INT32:
    case ScalarType.SINT32:
    case ScalarType.SFIXED32:
      return { type: 'integer', format: 'int32' };
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return { type: 'integer', format: 'int64', minimum: 0, maximum: 4294967295 };
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return { type: 'string', format: 'uint64', pattern: '^[0-9]+$' };
    default:
      return { type: 'string', format: 'int64', pattern: '^-?[0-9]+$' };
  }
}

const WELL_KNOWN: Record<string, JsonSchema> = {
  'google.protobuf.Timestamp': { type: 'string', format: 'date-time' },
  'google.protobuf.Duration': { type: 'string', pattern: '^-?[0-9]+(\\.[0-9]{1,9})?s$', examples: ['3.5s'] },
  'google.protobuf.FieldMask': { type: 'string', description: 'Comma-separated lowerCamelCase field paths.' },
  'google.protobuf.Struct': { type: 'object', additionalProperties: true },
  'google.protobuf.Value': {},
  'google.protobuf.ListValue': { type: 'array', items: {} },
  'google.protobuf.Empty': { type: 'object' },
  'google.protobuf.Any': {
    type: 'object',
    properties: { '@type': { type: 'string' } },
    required: ['@type'],
    additionalProperties: true,
  },
};

/**
 * Builds the schemas of messages and enums in ProtoJSON form into `schemas` (keyed by full type
 * name, e.g. `consorcio.groups.v1.Group`) and returns `$ref`s to them; well-known types are inlined
 * (Timestamp → date-time string, wrappers → nullable scalar, …). Descriptions come from the protos.
 */
export class SchemaBuilder {
  constructor(readonly schemas: Record<string, JsonSchema> = {}) {}

  /** A `$ref` to a message's schema (or the inline schema of a well-known type). */
  message(desc: DescMessage): JsonSchema {
    const wellKnown = WELL_KNOWN[desc.typeName];
    if (wellKnown) return { ...wellKnown };
    const wrapped = desc.fields[0];
    if (isWrapper(desc) && wrapped?.fieldKind === 'scalar') {
      const inner = scalarSchema(wrapped.scalar);
      return { ...inner, type: [inner.type, 'null'] };
    }
    if (!(desc.typeName in this.schemas)) {
      const schema: JsonSchema = { type: 'object' };
      this.schemas[desc.typeName] = schema; // before the fields: a recursive message refers to itself
      const description = protoComment(desc);
      if (description) schema.description = description;
      schema.properties = Object.fromEntries(desc.fields.map((f) => [f.jsonName, this.field(f)]));
    }
    return { $ref: `#/components/schemas/${desc.typeName}` };
  }

  /** A `$ref` to an enum's schema: a string enum of its value names. */
  enumeration(desc: DescEnum): JsonSchema {
    if (!(desc.typeName in this.schemas)) {
      const lines = desc.values.map((v) => {
        const comment = protoComment(v);
        return comment ? `- ${v.name}: ${comment.replace(/\n/g, ' ')}` : undefined;
      });
      const description = [protoComment(desc), ...lines].filter((l) => l !== undefined).join('\n');
      this.schemas[desc.typeName] = {
        type: 'string',
        enum: desc.values.map((v) => v.name),
        ...(description ? { description } : {}),
      };
    }
    return { $ref: `#/components/schemas/${desc.typeName}` };
  }

  /** The schema of a field's value, with the field's comment as its description. */
  field(field: DescField): JsonSchema {
    const schema = this.value(field);
    const description = protoComment(field);
    return description ? { ...schema, description } : schema;
  }

  /** The schema of a field's value, without description. */
  value(field: DescField): JsonSchema {
    switch (field.fieldKind) {
      case 'scalar':
        return scalarSchema(field.scalar);
      case 'enum':
        return this.enumeration(field.enum);
      case 'message':
        return this.message(field.message);
      case 'list':
        return {
          type: 'array',
          items:
            field.listKind === 'scalar'
              ? scalarSchema(field.scalar)
              : field.listKind === 'enum'
                ? this.enumeration(field.enum)
                : this.message(field.message),
        };
      case 'map':
        return {
          type: 'object',
          additionalProperties:
            field.mapKind === 'scalar'
              ? scalarSchema(field.scalar)
              : field.mapKind === 'enum'
                ? this.enumeration(field.enum)
                : this.message(field.message),
        };
    }
  }
}

/** Whether a message is one of google/protobuf/wrappers.proto's (`Int64Value`, …). */
export function isWrapper(desc: DescMessage): boolean {
  return desc.file.name === 'google/protobuf/wrappers' && desc.typeName.endsWith('Value');
}
