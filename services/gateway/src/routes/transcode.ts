import {
  create,
  fromBinary,
  fromJson,
  mergeFromJson,
  toBinary,
  toJson,
  type DescField,
  type DescMessage,
  type JsonObject,
  type JsonValue,
  type Message,
} from '@bufbuild/protobuf';
import { protoPath, resolveFieldPath } from './field-path';
import type { HttpBinding } from './http-rules';
import { mergeJsonObject } from './json-body';
import type { PathParams } from './path-template';
import { textToJson } from './query-values';
import { TranscodeError, describeJsonError, libraryReason } from './transcode-error';

const descOf = new WeakMap<Message, DescMessage>();

/**
 * The request message of a REST call, following grpc-gateway's HttpRule mapping: the JSON body
 * fills every field (`body: "*"`, and then no query parameter is read) or one top-level field
 * (`body: "x"`); every other field may come from a query parameter (proto or lowerCamelCase JSON
 * name, dotted through singular messages, repeated fields by repeating the key; unknown keys are
 * ignored); path variables are set last and win. Every problem is a {@link TranscodeError}.
 */
export function buildRequestMessage(
  binding: HttpBinding,
  pathParams: PathParams,
  query: URLSearchParams,
  body: unknown,
): Message {
  const desc = binding.method.input;
  const { registry } = binding;
  const msg = create(desc);
  if (binding.body === '*' && body !== undefined) {
    mergeJsonObject(desc, msg, body, '', registry);
  } else if (binding.body !== '' && binding.body !== '*' && body !== undefined) {
    mergeJsonObject(desc, msg, { [binding.body]: body }, '', registry);
  }
  const tree: JsonObject = {};
  if (binding.body !== '*') {
    const bound = [...Object.keys(pathParams), ...(binding.body ? [binding.body] : [])];
    for (const [label, { fields, texts }] of queryFields(desc, query)) {
      if (bound.some((b) => label === b || label.startsWith(`${b}.`))) continue;
      const leaf = fields[fields.length - 1] as DescField;
      if (texts.length > 1 && leaf.fieldKind !== 'list') {
        throw new TranscodeError(label, `given ${texts.length} times but the field is not repeated`);
      }
      const values = texts.map((t) => textToJson(leaf, t, label));
      setLeaf(tree, fields, leaf.fieldKind === 'list' ? values : (values[0] ?? null), label, binding);
    }
  }
  for (const [fieldPath, text] of Object.entries(pathParams)) {
    const found = resolveFieldPath(desc, fieldPath);
    if (found.kind !== 'found') throw new TranscodeError(fieldPath, 'is not a field of the request');
    const leaf = found.fields[found.fields.length - 1] as DescField;
    setLeaf(tree, found.fields, textToJson(leaf, text, fieldPath), fieldPath, binding);
  }
  try {
    mergeFromJson(desc, msg, tree, { registry });
  } catch (err) {
    throw new TranscodeError('query', libraryReason(err));
  }
  descOf.set(msg, desc);
  return msg;
}

/** The wire bytes of a message {@link buildRequestMessage} built (or of any message, given its type). */
export function encodeRequest(msg: Message, desc?: DescMessage): Uint8Array {
  const schema = desc ?? descOf.get(msg);
  if (!schema) throw new Error(`encodeRequest: no descriptor known for ${msg.$typeName}; pass it`);
  return toBinary(schema, msg);
}

/**
 * The ProtoJSON of a response: lowerCamelCase keys, 64-bit integers as strings, enums by name,
 * Timestamps in RFC 3339, and fields at their default value emitted (grpc-gateway's
 * `EmitUnpopulated`; an unset message field is left out). With `response_body` only that field is
 * sent (an unset message as `{}`).
 */
export function decodeResponse(binding: HttpBinding, bytes: Uint8Array): unknown {
  const desc = binding.method.output;
  const { registry } = binding;
  const msg = fromBinary(desc, bytes, { readUnknownFields: false });
  const json = toJson(desc, msg, { registry, alwaysEmitImplicit: true });
  if (binding.responseBody === '') return json;
  const field = desc.fields.find((f) => f.name === binding.responseBody);
  if (!field) throw new Error(`response_body ${binding.responseBody} is not a field of ${desc.typeName}`);
  const value = (json as JsonObject)[field.jsonName];
  return value ?? (field.fieldKind === 'message' ? {} : null);
}

/** A raw answer: the bytes and content type of a `google.api.HttpBody`, and a file name when the reply names one. */
export interface RawResponse {
  contentType: string;
  data: Uint8Array;
  /** The reply's `file_name` field beside the HttpBody (a convention of this platform), for Content-Disposition. */
  fileName?: string;
}

/** The HttpBody of a response {@link givesRawBody} accepted: the whole reply, or the field `response_body` names. */
export function decodeRawResponse(binding: HttpBinding, bytes: Uint8Array): RawResponse {
  const desc = binding.method.output;
  const msg = fromBinary(desc, bytes, { readUnknownFields: false }) as Message & Record<string, unknown>;
  const body = (binding.responseBody === '' ? msg : msg[camel(binding.responseBody)]) as
    { contentType?: string; data?: Uint8Array } | undefined;
  const fileName = binding.responseBody === '' ? undefined : msg.fileName;
  return {
    contentType: body?.contentType || 'application/octet-stream',
    data: body?.data ?? new Uint8Array(),
    ...(typeof fileName === 'string' && fileName !== '' ? { fileName } : {}),
  };
}

function camel(protoName: string): string {
  return protoName.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Query parameters grouped by the field they resolve to (proto path), skipping unknown keys. */
function queryFields(
  desc: DescMessage,
  query: URLSearchParams,
): Map<string, { fields: readonly DescField[]; texts: string[] }> {
  const byField = new Map<string, { fields: readonly DescField[]; texts: string[] }>();
  for (const [key, text] of query) {
    const found = resolveFieldPath(desc, key, { jsonNames: true });
    if (found.kind === 'unknown') continue;
    if (found.kind === 'not_a_message') {
      throw new TranscodeError(found.at, `is not a message field, so "${key}" cannot name one of its fields`);
    }
    const label = protoPath(found.fields);
    const entry = byField.get(label) ?? { fields: found.fields, texts: [] };
    entry.texts.push(text);
    byField.set(label, entry);
  }
  return byField;
}

/** Puts one leaf value into the JSON tree (keyed by JSON names), checking it against its field first. */
function setLeaf(
  tree: JsonObject,
  fields: readonly DescField[],
  value: JsonValue,
  label: string,
  binding: HttpBinding,
): void {
  const leaf = fields[fields.length - 1] as DescField;
  try {
    fromJson(leaf.parent, { [leaf.jsonName]: value }, { registry: binding.registry });
  } catch (err) {
    throw new TranscodeError(label, describeJsonError(leaf, value, err));
  }
  let node = tree;
  for (const f of fields.slice(0, -1)) {
    const next = node[f.jsonName];
    const child: JsonObject = typeof next === 'object' && next !== null && !Array.isArray(next) ? next : {};
    node[f.jsonName] = child;
    node = child;
  }
  node[leaf.jsonName] = value;
}
