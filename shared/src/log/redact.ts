/**
 * Scrubbing applied to every log line before it is written, so personal and secret data never
 * reaches the log store whatever a caller passes.
 */

export const REDACTED = '[redacted]';

// Compared against the key lower-cased with separators removed, so apiKey, x-api-key and API_KEY all match.
const SENSITIVE_KEY =
  /password|passwd|pwd|secret|token|authorization|cookie|apikey|cpf|cnpj|document|bankaccount|accountnumber|agency|pixkey/;

// Fully formatted numbers are unambiguous; only a neighbouring digit rules them out.
const CNPJ_FORMATTED = /(?<!\d)\d{2}\.\d{3}\.\d{3}\/\d{4}-\d{2}(?!\d)/g;
const CPF_FORMATTED = /(?<!\d)\d{3}\.\d{3}\.\d{3}-\d{2}(?!\d)/g;
// Bare or partly formatted runs must not touch a letter either: otherwise hex ids and hashes
// (UUIDs, trace ids, audit digests) that happen to hold 11 or 14 digits in a row would be mangled.
const CNPJ_LOOSE = /(?<![0-9A-Za-z])\d{2}\.?\d{3}\.?\d{3}\/?\d{4}-?\d{2}(?![0-9A-Za-z])/g;
const CPF_LOOSE = /(?<![0-9A-Za-z])\d{3}\.?\d{3}\.?\d{3}-?\d{2}(?![0-9A-Za-z])/g;

const MAX_DEPTH = 10;

/** True when a value stored under `key` must never be logged. */
export function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEY.test(key.toLowerCase().replace(/[^a-z0-9]/g, ''));
}

/** Replaces CPF and CNPJ numbers in free text with "[cpf]" / "[cnpj]". */
export function scrubText(text: string): string {
  // CNPJ first, so the looser CPF pattern never sees part of a CNPJ.
  return text
    .replace(CNPJ_FORMATTED, '[cnpj]')
    .replace(CPF_FORMATTED, '[cpf]')
    .replace(CNPJ_LOOSE, '[cnpj]')
    .replace(CPF_LOOSE, '[cpf]');
}

/**
 * A JSON-safe deep copy of `value` with sensitive keys replaced by "[redacted]" and CPF/CNPJ
 * numbers scrubbed from every string (keys too). Bigints become decimal strings, Errors become
 * { name, message, stack, ... }, cycles and excessive depth are cut.
 */
export function redact(value: unknown): unknown {
  return walk(value, 0, new Set());
}

function walk(value: unknown, depth: number, ancestors: Set<object>): unknown {
  switch (typeof value) {
    case 'string':
      return scrubText(value);
    case 'bigint':
      return value.toString();
    case 'number':
    case 'boolean':
    case 'undefined':
      return value;
    case 'symbol':
      return value.toString();
    case 'function':
      return '[function]';
  }
  if (value === null) return null;
  const obj = value as object;
  if (ancestors.has(obj)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[truncated]';
  if (obj instanceof Date) return Number.isNaN(obj.getTime()) ? 'Invalid Date' : obj.toISOString();
  if (ArrayBuffer.isView(obj)) return `[binary ${obj.byteLength} bytes]`;

  ancestors.add(obj);
  try {
    if (Array.isArray(obj)) return obj.map((v) => walk(v, depth + 1, ancestors));
    if (obj instanceof Set) return [...obj].map((v) => walk(v, depth + 1, ancestors));
    if (obj instanceof Map)
      return walkEntries(
        [...obj].map(([k, v]) => [String(k), v]),
        depth,
        ancestors,
      );
    if (obj instanceof Error) return walkEntries(errorEntries(obj), depth, ancestors);
    const toJSON = (obj as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return walk(toJSON.call(obj), depth + 1, ancestors);
    return walkEntries(Object.entries(obj), depth, ancestors);
  } finally {
    ancestors.delete(obj);
  }
}

function walkEntries(entries: [string, unknown][], depth: number, ancestors: Set<object>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) {
    out[scrubText(k)] = isSensitiveKey(k) ? REDACTED : walk(v, depth + 1, ancestors);
  }
  return out;
}

function errorEntries(err: Error): [string, unknown][] {
  // name, message and stack are not enumerable, so spread them explicitly; own fields such as
  // `violations` or `code` come along, and `cause` is walked like any other value.
  const entries: [string, unknown][] = [
    ['name', err.name],
    ['message', err.message],
    ['stack', err.stack],
  ];
  for (const [k, v] of Object.entries(err)) if (k !== 'name' && k !== 'message' && k !== 'stack') entries.push([k, v]);
  if (err.cause !== undefined && !Object.prototype.propertyIsEnumerable.call(err, 'cause'))
    entries.push(['cause', err.cause]);
  return entries;
}
