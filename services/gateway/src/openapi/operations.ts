import type { DescField, DescMessage } from '@bufbuild/protobuf';
import { resolveFieldPath } from '../routes/field-path';
import { givesRawBody, takesRawBody, type HttpBinding } from '../routes/http-rules';
import type { PathTemplate } from '../routes/path-template';
import type { JsonSchema, OpenApiOperation, OpenApiParameter } from './openapi-types';
import { firstLine, protoComment } from './proto-comments';
import { SchemaBuilder, isWrapper } from './schemas';

/** The component every error answer refers to. */
export const ERROR_SCHEMA_REF = '#/components/schemas/google.rpc.Status';
const MAX_QUERY_DEPTH = 4;

/**
 * The OpenAPI form of a path template: each variable becomes `{field.path}`, a wildcard outside any
 * variable `{_wildcardN}`, and a custom verb stays literal (`/v1/groups/{group_id}:publish`).
 */
export function openApiPath(t: PathTemplate): string {
  const parts: string[] = [];
  let anonymous = 0;
  for (let i = 0; i < t.segments.length;) {
    const variable = t.variables.find((v) => v.start === i);
    const seg = t.segments[i];
    if (variable) {
      parts.push(`{${variable.fieldPath}}`);
      i = Math.max(variable.end, i + 1);
    } else {
      parts.push(seg?.kind === 'literal' ? seg.value : `{_wildcard${++anonymous}}`);
      i++;
    }
  }
  return `/${parts.join('/')}${t.verb ? `:${t.verb}` : ''}`;
}

/** The operation of one binding: parameters, request body, the 200 answer and the error answer. */
export function bindingOperation(binding: HttpBinding, schemas: SchemaBuilder, operationId: string): OpenApiOperation {
  const { method } = binding;
  const description = protoComment(method);
  const summary = firstLine(description);
  const op: OpenApiOperation = {
    operationId,
    ...(summary ? { summary } : {}),
    ...(description && description !== summary ? { description } : {}),
    tags: [method.parent.name],
    parameters: [...pathParameters(binding, schemas), ...queryParameters(binding, schemas)],
    responses: {
      '200': givesRawBody(binding)
        ? { description: 'The file, in its own content type.', content: { '*/*': { schema: RAW_SCHEMA } } }
        : { description: 'OK', content: { 'application/json': { schema: responseSchema(binding, schemas) } } },
      default: {
        description: 'An error: a google.rpc.Status with its gRPC code, message and details.',
        content: { 'application/json': { schema: { $ref: ERROR_SCHEMA_REF } } },
      },
    },
    ...(method.deprecated ? { deprecated: true } : {}),
  };
  const body = requestSchema(binding, schemas);
  // Not required: the gateway reads an absent body as an empty message, as grpc-gateway does.
  if (takesRawBody(binding)) {
    // A google.api.HttpBody: the raw bytes, any content type, passed through as received.
    op.requestBody = { content: { '*/*': { schema: RAW_SCHEMA } } };
  } else if (body) op.requestBody = { content: { 'application/json': { schema: body } } };
  return op;
}

function pathParameters(binding: HttpBinding, schemas: SchemaBuilder): OpenApiParameter[] {
  const params: OpenApiParameter[] = [];
  for (const v of binding.template.variables) {
    const found = resolveFieldPath(binding.method.input, v.fieldPath);
    const leaf = found.kind === 'found' ? found.fields.at(-1) : undefined;
    const pattern = binding.template.segments.slice(v.start, v.end);
    const multi = pattern.length !== 1 || pattern[0]?.kind !== 'any';
    const shape = pattern.map((s) => (s.kind === 'literal' ? s.value : s.kind === 'any' ? '*' : '**')).join('/');
    const comment = leaf ? protoComment(leaf) : undefined;
    const note = multi ? `Matches the path pattern \`${shape}\` (it may contain '/').` : undefined;
    const description = [comment, note].filter((s) => s !== undefined).join('\n\n');
    params.push({
      name: v.fieldPath,
      in: 'path',
      required: true,
      ...(description ? { description } : {}),
      schema: leaf ? schemas.value(leaf) : { type: 'string' },
    });
  }
  let anonymous = 0;
  for (const [i, seg] of binding.template.segments.entries()) {
    if (seg.kind === 'literal' || binding.template.variables.some((v) => i >= v.start && i < v.end)) continue;
    params.push({ name: `_wildcard${++anonymous}`, in: 'path', required: true, schema: { type: 'string' } });
  }
  return params;
}

function queryParameters(binding: HttpBinding, schemas: SchemaBuilder): OpenApiParameter[] {
  if (binding.body === '*') return [];
  const bound = [...binding.template.variables.map((v) => v.fieldPath), ...(binding.body ? [binding.body] : [])];
  const params: OpenApiParameter[] = [];
  const walk = (desc: DescMessage, protoPrefix: string, jsonPrefix: string, seen: string[]): void => {
    for (const field of desc.fields) {
      const path = protoPrefix + field.name;
      if (bound.some((b) => b === path)) continue;
      if (field.fieldKind === 'message' && !isQueryLeafMessage(field.message)) {
        if (seen.length < MAX_QUERY_DEPTH && !seen.includes(field.message.typeName)) {
          walk(field.message, `${path}.`, `${jsonPrefix}${field.jsonName}.`, [...seen, field.message.typeName]);
        }
        continue;
      }
      if (field.fieldKind === 'map') continue;
      if (field.fieldKind === 'list' && field.listKind === 'message' && !isQueryLeafMessage(field.message)) continue;
      params.push(queryParameter(field, jsonPrefix + field.jsonName, schemas));
    }
  };
  walk(binding.method.input, '', '', [binding.method.input.typeName]);
  return params;
}

function queryParameter(field: DescField, name: string, schemas: SchemaBuilder): OpenApiParameter {
  const description = protoComment(field);
  const repeated = field.fieldKind === 'list';
  return {
    name,
    in: 'query',
    required: false,
    ...(description ? { description } : {}),
    schema: schemas.value(field),
    ...(repeated ? { style: 'form', explode: true } : {}),
  };
}

function isQueryLeafMessage(desc: DescMessage): boolean {
  return (
    ['google.protobuf.Timestamp', 'google.protobuf.Duration', 'google.protobuf.FieldMask'].includes(desc.typeName) ||
    isWrapper(desc)
  );
}

function requestSchema(binding: HttpBinding, schemas: SchemaBuilder): JsonSchema | undefined {
  const input = binding.method.input;
  if (binding.body === '') return undefined;
  if (binding.body !== '*') {
    const field = input.fields.find((f) => f.name === binding.body);
    return field ? schemas.field(field) : undefined;
  }
  const pathBound = new Set(binding.template.variables.map((v) => v.fieldPath));
  if (!input.fields.some((f) => pathBound.has(f.name))) return schemas.message(input);
  // Fields bound by the path are not part of the body: describe what is left, inline.
  const description = protoComment(input);
  return {
    type: 'object',
    ...(description ? { description } : {}),
    properties: Object.fromEntries(
      input.fields.filter((f) => !pathBound.has(f.name)).map((f) => [f.jsonName, schemas.field(f)]),
    ),
  };
}

/** Raw bytes (a google.api.HttpBody), in either direction. */
const RAW_SCHEMA: JsonSchema = { type: 'string', format: 'binary' };

function responseSchema(binding: HttpBinding, schemas: SchemaBuilder): JsonSchema {
  const output = binding.method.output;
  if (binding.responseBody === '') return schemas.message(output);
  const field = output.fields.find((f) => f.name === binding.responseBody);
  return field ? schemas.field(field) : {};
}
