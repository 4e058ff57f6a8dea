import type {
  DescEnum,
  DescEnumValue,
  DescField,
  DescFile,
  DescMessage,
  DescMethod,
  DescService,
} from '@bufbuild/protobuf';

/** A descriptor that can carry a comment in its .proto source. */
export type CommentedDesc = DescMessage | DescField | DescEnum | DescEnumValue | DescService | DescMethod;

const byFile = new WeakMap<DescFile, Map<string, string>>();

/**
 * The comment written on an element in its .proto file (leading, else trailing), without the
 * comment markers' leading space, or undefined. Needs the descriptor set's `source_code_info`
 * (`buf build` keeps it unless told `--exclude-source-info`).
 */
export function protoComment(desc: CommentedDesc): string | undefined {
  const comments = commentsOf(fileOf(desc));
  const path = sourcePath(desc);
  return path ? comments.get(path.join(',')) : undefined;
}

/** The first sentence-or-line of a comment, for an OpenAPI `summary`. */
export function firstLine(comment: string | undefined): string | undefined {
  const line = comment?.split('\n')[0]?.trim();
  return line ? line : undefined;
}

function fileOf(desc: CommentedDesc): DescFile {
  return desc.kind === 'rpc' || desc.kind === 'field' || desc.kind === 'enum_value' ? desc.parent.file : desc.file;
}

function commentsOf(file: DescFile): Map<string, string> {
  let map = byFile.get(file);
  if (!map) {
    map = new Map();
    for (const loc of file.proto.sourceCodeInfo?.location ?? []) {
      const text = clean(loc.leadingComments || loc.trailingComments);
      if (text) map.set(loc.path.join(','), text);
    }
    byFile.set(file, map);
  }
  return map;
}

function clean(raw: string): string | undefined {
  const text = raw
    .split('\n')
    .map((line) => line.replace(/^ /, '').trimEnd())
    .join('\n')
    .trim();
  return text === '' ? undefined : text;
}

/** The `SourceCodeInfo.Location.path` of an element (field numbers of descriptor.proto). */
function sourcePath(desc: CommentedDesc): number[] | undefined {
  switch (desc.kind) {
    case 'message':
      return desc.parent
        ? at(sourcePath(desc.parent), 3, desc.parent.proto.nestedType.indexOf(desc.proto))
        : [4, desc.file.proto.messageType.indexOf(desc.proto)];
    case 'enum':
      return desc.parent
        ? at(sourcePath(desc.parent), 4, desc.parent.proto.enumType.indexOf(desc.proto))
        : [5, desc.file.proto.enumType.indexOf(desc.proto)];
    case 'field':
      return at(sourcePath(desc.parent), 2, desc.parent.proto.field.indexOf(desc.proto));
    case 'enum_value':
      return at(sourcePath(desc.parent), 2, desc.parent.proto.value.indexOf(desc.proto));
    case 'service':
      return [6, desc.file.proto.service.indexOf(desc.proto)];
    case 'rpc':
      return at(sourcePath(desc.parent), 2, desc.parent.proto.method.indexOf(desc.proto));
  }
}

function at(parent: number[] | undefined, kind: number, index: number): number[] | undefined {
  return parent && index >= 0 ? [...parent, kind, index] : undefined;
}
