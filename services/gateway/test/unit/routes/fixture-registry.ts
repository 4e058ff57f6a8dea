/**
 * A small test-only proto, built as a FileDescriptorProto (no protoc, no buf) on top of the
 * platform's descriptor set, for the HttpRule cases the real services do not use yet: a named
 * body, response_body, additional_bindings, `{name=shelves/*}`, `**`, maps, repeated enums.
 *
 * ```proto
 * package test.gateway.v1;
 * enum Color { COLOR_UNSPECIFIED = 0; COLOR_RED = 1; COLOR_BLUE = 2; }
 * message Page { int32 page_size = 1; string page_token = 2; }
 * message Filter { Page page = 1; repeated string tags = 2; }
 * message Book { string name = 1; string title = 2; int64 price_centavos = 3; Color color = 4;
 *   google.protobuf.Timestamp published_at = 5; repeated string tags = 6; bool available = 7; Book sequel = 8; }
 * message ListBooksRequest { string shelf = 1; Page page = 2; repeated Color colors = 3; repeated int64 ids = 4;
 *   Color color = 5; google.protobuf.Timestamp after = 6; bool available = 7; double score = 8; uint32 limit = 9;
 *   Filter filter = 10; map<string, string> labels = 11; repeated Book books = 12; }
 * message ListBooksResponse { repeated Book books = 1; Page next = 2; }
 * message CreateBookRequest { string shelf = 1; Book book = 2; string request_id = 3; }
 * message GetBookRequest { string name = 1; int64 version = 2; }
 * message RunRequest { string shelf = 1; int64 count = 2; }
 * message RunResponse { int64 total = 1; Book book = 2; repeated string notes = 3; }
 * message Download { google.api.HttpBody body = 1; string file_name = 2; }
 * ```
 */
import { create, createFileRegistry, setExtension, type FileRegistry, type MessageInitShape } from '@bufbuild/protobuf';
import {
  FieldDescriptorProto_Label as Label,
  FieldDescriptorProto_Type as Type,
  FileDescriptorProtoSchema,
  MethodOptionsSchema,
  type DescriptorProtoSchema,
  type FieldDescriptorProtoSchema,
  type MethodDescriptorProtoSchema,
} from '@bufbuild/protobuf/wkt';

type DescriptorInit = MessageInitShape<typeof DescriptorProtoSchema>;
import { descriptorSet } from '@consorcio/shared/grpc';

/** An HttpRule, as written in a proto. */
export interface RuleSpec {
  get?: string;
  post?: string;
  put?: string;
  patch?: string;
  delete?: string;
  custom?: { kind: string; path: string };
  body?: string;
  responseBody?: string;
  additionalBindings?: RuleSpec[];
}

/** An rpc of the fixture's `BookService`; types are short names of the fixture's messages. */
export interface MethodSpec {
  name: string;
  input: string;
  output: string;
  http?: RuleSpec;
  serverStreaming?: boolean;
}

const PKG = 'test.gateway.v1';

function camel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

type FieldSpec = [name: string, number: number, type: Type | string, repeated?: boolean];

function field([name, number, type, repeated]: FieldSpec): MessageInitShape<typeof FieldDescriptorProtoSchema> {
  const isNamed = typeof type === 'string';
  const typeName = isNamed ? (type.startsWith('.') ? type : `.${PKG}.${type}`) : undefined;
  return {
    name,
    number,
    jsonName: camel(name),
    label: repeated ? Label.REPEATED : Label.OPTIONAL,
    type: isNamed ? (type === 'Color' ? Type.ENUM : Type.MESSAGE) : type,
    ...(typeName ? { typeName } : {}),
  };
}

function message(name: string, fields: FieldSpec[], nested: DescriptorInit[] = []): DescriptorInit {
  return { name, field: fields.map(field), nestedType: nested };
}

const TS = '.google.protobuf.Timestamp';
const MESSAGES: DescriptorInit[] = [
  message('Page', [
    ['page_size', 1, Type.INT32],
    ['page_token', 2, Type.STRING],
  ]),
  message('Filter', [
    ['page', 1, 'Page'],
    ['tags', 2, Type.STRING, true],
  ]),
  message('Book', [
    ['name', 1, Type.STRING],
    ['title', 2, Type.STRING],
    ['price_centavos', 3, Type.INT64],
    ['color', 4, 'Color'],
    ['published_at', 5, TS],
    ['tags', 6, Type.STRING, true],
    ['available', 7, Type.BOOL],
    ['sequel', 8, 'Book'],
  ]),
  message(
    'ListBooksRequest',
    [
      ['shelf', 1, Type.STRING],
      ['page', 2, 'Page'],
      ['colors', 3, 'Color', true],
      ['ids', 4, Type.INT64, true],
      ['color', 5, 'Color'],
      ['after', 6, TS],
      ['available', 7, Type.BOOL],
      ['score', 8, Type.DOUBLE],
      ['limit', 9, Type.UINT32],
      ['filter', 10, 'Filter'],
      ['labels', 11, 'ListBooksRequest.LabelsEntry', true],
      ['books', 12, 'Book', true],
    ],
    [
      {
        name: 'LabelsEntry',
        field: [field(['key', 1, Type.STRING]), field(['value', 2, Type.STRING])],
        options: { mapEntry: true },
      },
    ],
  ),
  message('ListBooksResponse', [
    ['books', 1, 'Book', true],
    ['next', 2, 'Page'],
  ]),
  message('CreateBookRequest', [
    ['shelf', 1, Type.STRING],
    ['book', 2, 'Book'],
    ['request_id', 3, Type.STRING],
  ]),
  message('GetBookRequest', [
    ['name', 1, Type.STRING],
    ['version', 2, Type.INT64],
  ]),
  message('RunRequest', [
    ['shelf', 1, Type.STRING],
    ['count', 2, Type.INT64],
  ]),
  message('Download', [
    ['body', 1, '.google.api.HttpBody'],
    ['file_name', 2, Type.STRING],
  ]),
  message('RunResponse', [
    ['total', 1, Type.INT64],
    ['book', 2, 'Book'],
    ['notes', 3, Type.STRING, true],
  ]),
];

/** The methods most tests use. */
export const BOOK_METHODS: MethodSpec[] = [
  {
    name: 'ListBooks',
    input: 'ListBooksRequest',
    output: 'ListBooksResponse',
    http: { get: '/v1/shelves/{shelf}/books' },
  },
  {
    name: 'CreateBook',
    input: 'CreateBookRequest',
    output: 'Book',
    http: { post: '/v1/shelves/{shelf}/books', body: 'book', additionalBindings: [{ put: '/v1/books', body: '*' }] },
  },
  { name: 'GetBook', input: 'GetBookRequest', output: 'Book', http: { get: '/v1/{name=shelves/*/books/*}' } },
  {
    name: 'Run',
    input: 'RunRequest',
    output: 'RunResponse',
    http: { post: '/v1/shelves/{shelf}:run', body: '*', responseBody: 'book' },
  },
  { name: 'Tally', input: 'RunRequest', output: 'RunResponse', http: { get: '/v1/tally', responseBody: 'total' } },
  { name: 'GetFile', input: 'GetBookRequest', output: 'Book', http: { get: '/v1/files/{name=**}' } },
  {
    name: 'Import',
    input: 'ListBooksRequest',
    output: 'ListBooksResponse',
    http: { post: '/v1/shelves/{shelf}/books:import', body: '*' },
  },
  { name: 'Internal', input: 'RunRequest', output: 'RunResponse' },
  {
    name: 'ExportBook',
    input: 'GetBookRequest',
    output: '.google.api.HttpBody',
    http: { get: '/v1/books/{name}:export' },
  },
  {
    name: 'DownloadBook',
    input: 'GetBookRequest',
    output: 'Download',
    http: { get: '/v1/books/{name}:download', responseBody: 'body' },
  },
];

/** A registry with the platform's files plus the fixture file (`BookService` with `methods`). */
export function fixtureRegistry(methods: MethodSpec[] = BOOK_METHODS): FileRegistry {
  const base = descriptorSet().registry;
  const ruleDesc = base.getMessage('google.api.HttpRule');
  const ext = base.getExtension('google.api.http');
  if (!ruleDesc || !ext) throw new Error('google/api/annotations.proto is not in the descriptor set');
  const rule = (spec: RuleSpec): unknown => {
    const [kind, value] = (['get', 'post', 'put', 'patch', 'delete'] as const)
      .filter((k) => spec[k] !== undefined)
      .map((k) => [k, spec[k]] as const)[0] ?? ['custom', spec.custom];
    return create(ruleDesc, {
      pattern: spec.custom
        ? { case: 'custom', value: create(ruleDesc.field.custom!.message!, spec.custom) }
        : { case: kind, value },
      body: spec.body ?? '',
      responseBody: spec.responseBody ?? '',
      additionalBindings: (spec.additionalBindings ?? []).map(rule),
    });
  };
  const method = (m: MethodSpec): MessageInitShape<typeof MethodDescriptorProtoSchema> => {
    const options = create(MethodOptionsSchema);
    if (m.http) setExtension(options, ext, rule(m.http) as never);
    return {
      name: m.name,
      inputType: `.${PKG}.${m.input}`,
      outputType: m.output.startsWith('.') ? m.output : `.${PKG}.${m.output}`,
      options,
      serverStreaming: m.serverStreaming ?? false,
    };
  };
  const file = create(FileDescriptorProtoSchema, {
    name: 'test/gateway/v1/fixture.proto',
    package: PKG,
    syntax: 'proto3',
    dependency: ['google/api/annotations.proto', 'google/api/httpbody.proto', 'google/protobuf/timestamp.proto'],
    enumType: [
      {
        name: 'Color',
        value: [
          { name: 'COLOR_UNSPECIFIED', number: 0 },
          { name: 'COLOR_RED', number: 1 },
          { name: 'COLOR_BLUE', number: 2 },
        ],
      },
    ],
    messageType: MESSAGES,
    service: [{ name: 'BookService', method: methods.map(method) }],
  });
  const fixture = createFileRegistry(file, (name) => base.getFile(name));
  return createFileRegistry(base, fixture);
}
