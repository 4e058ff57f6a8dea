import type { DescField, DescMessage } from '@bufbuild/protobuf';

/** The fields a dotted path walks through, or why it cannot be walked. */
export type FieldPathResolution =
  | { kind: 'found'; fields: [DescField, ...DescField[]] }
  | { kind: 'unknown'; at: string }
  | { kind: 'not_a_message'; at: string };

/**
 * Resolves a dotted field path (`page.page_size`) from a message. Each part is a proto field name or,
 * with `jsonNames`, also its lowerCamelCase JSON name (`page.pageSize`). Every part but the last must
 * be a singular message field, as grpc-gateway requires for path variables and query parameters.
 */
export function resolveFieldPath(
  message: DescMessage,
  path: string,
  opts: { jsonNames?: boolean } = {},
): FieldPathResolution {
  const fields: DescField[] = [];
  let current: DescMessage | undefined = message;
  for (const part of path.split('.')) {
    if (!current) return { kind: 'not_a_message', at: fields.map((f) => f.name).join('.') };
    const field: DescField | undefined = current.fields.find(
      (f) => f.name === part || (opts.jsonNames === true && f.jsonName === part),
    );
    if (!field) return { kind: 'unknown', at: [...fields.map((f) => f.name), part].join('.') };
    fields.push(field);
    current = field.fieldKind === 'message' ? field.message : undefined;
  }
  const [first, ...rest] = fields;
  if (!first) return { kind: 'unknown', at: path };
  return { kind: 'found', fields: [first, ...rest] };
}

/** The proto-name path of a chain of fields: `page.page_size`. */
export function protoPath(fields: readonly DescField[]): string {
  return fields.map((f) => f.name).join('.');
}
