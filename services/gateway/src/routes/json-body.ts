import {
  create,
  mergeFromJson,
  type DescMessage,
  type JsonValue,
  type Message,
  type Registry,
} from '@bufbuild/protobuf';
import { reflect } from '@bufbuild/protobuf/reflect';
import { TranscodeError, describeJsonError, libraryReason } from './transcode-error';

/**
 * Parses a request body. Empty text is no body (`undefined`); invalid JSON is a
 * {@link TranscodeError} `body: invalid JSON at position N` (N counts UTF-16 code units from 0).
 */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    const at = syntaxErrorPosition(text);
    throw new TranscodeError('body', at === undefined ? 'invalid JSON' : `invalid JSON at position ${at}`);
  }
}

/**
 * Merges a ProtoJSON object into `target` (of type `desc`), strictly: unknown keys, a field given
 * twice (by its proto and JSON names), and values of the wrong JSON type are {@link TranscodeError}s
 * naming the field by its proto path, `prefix` included (`parameters.term_months`). Nested messages
 * are walked here so errors name the full path; each leaf goes through @bufbuild/protobuf's
 * `mergeFromJson`, the ProtoJSON reader.
 */
export function mergeJsonObject(
  desc: DescMessage,
  target: Message,
  json: unknown,
  prefix: string,
  registry: Registry,
): void {
  const whole = prefix === '' ? 'body' : prefix.slice(0, -1);
  if (isWellKnown(desc)) {
    try {
      mergeFromJson(desc, target, json as JsonValue, { registry });
    } catch (err) {
      throw new TranscodeError(whole, libraryReason(err));
    }
    return;
  }
  if (!isPlainObject(json)) throw new TranscodeError(whole, `expected a JSON object, got ${shown(json)}`);
  const r = reflect(desc, target);
  const seen = new Set<string>();
  for (const [key, value] of Object.entries(json)) {
    const field = desc.fields.find((f) => f.jsonName === key || f.name === key);
    const label = prefix + (field?.name ?? key);
    if (!field) throw new TranscodeError(label, 'unknown field');
    if (seen.has(field.name)) throw new TranscodeError(label, 'given twice (by its proto and JSON names)');
    seen.add(field.name);
    if (field.oneof && value !== null) {
      if (seen.has(`oneof ${field.oneof.name}`)) {
        throw new TranscodeError(label, `another field of oneof ${field.oneof.name} is already set`);
      }
      seen.add(`oneof ${field.oneof.name}`);
    }
    if (field.fieldKind === 'message' && !isWellKnown(field.message) && isPlainObject(value)) {
      const sub = r.isSet(field) ? r.get(field).message : create(field.message);
      mergeJsonObject(field.message, sub, value, `${label}.`, registry);
      r.set(field, reflect(field.message, sub));
    } else if (field.fieldKind === 'list' && field.listKind === 'message' && Array.isArray(value)) {
      const list = r.get(field);
      for (const [i, item] of value.entries()) {
        const sub = create(field.message);
        mergeJsonObject(field.message, sub, item, `${label}[${i}].`, registry);
        list.add(reflect(field.message, sub));
      }
    } else {
      try {
        mergeFromJson(desc, target, { [field.jsonName]: value as JsonValue }, { registry });
      } catch (err) {
        throw new TranscodeError(label, describeJsonError(field, value, err));
      }
    }
  }
}

function isWellKnown(desc: DescMessage): boolean {
  return desc.typeName.startsWith('google.protobuf.');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function shown(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

class SyntaxAt extends Error {
  constructor(readonly position: number) {
    super(`invalid JSON at position ${position}`);
  }
}

const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?/y;

/** Where JSON.parse gave up, found with a small scanner (Node 20's messages do not always say). */
function syntaxErrorPosition(text: string): number | undefined {
  let i = 0;
  const fail = (): never => {
    throw new SyntaxAt(i);
  };
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text.charAt(i))) i++;
  };
  const string = (): void => {
    i++;
    for (;;) {
      if (i >= text.length) fail();
      const c = text.charCodeAt(i);
      if (c === 0x22) return void i++;
      if (c < 0x20) fail();
      if (c !== 0x5c) i++;
      else if (ESCAPES.has(text.charAt(i + 1))) i += 2;
      else if (text.charAt(i + 1) === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
      else fail();
    }
  };
  const value = (): void => {
    ws();
    const c = text.charAt(i);
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (text.charAt(i) === close) return void i++;
      for (;;) {
        if (c === '{') {
          ws();
          if (text.charAt(i) !== '"') fail();
          string();
          ws();
          if (text.charAt(i) !== ':') fail();
          i++;
        }
        value();
        ws();
        if (text.charAt(i) === close) return void i++;
        if (text.charAt(i) !== ',') fail();
        i++;
      }
    }
    if (c === '"') return string();
    for (const word of ['true', 'false', 'null']) if (text.startsWith(word, i)) return void (i += word.length);
    NUMBER.lastIndex = i;
    if (!NUMBER.test(text)) fail();
    i = NUMBER.lastIndex;
  };
  try {
    value();
    ws();
    return i < text.length ? i : undefined;
  } catch (err) {
    return err instanceof SyntaxAt ? err.position : undefined;
  }
}
