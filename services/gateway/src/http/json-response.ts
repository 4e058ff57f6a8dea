import type { IncomingMessage, ServerResponse } from 'node:http';
import { status } from '@grpc/grpc-js';
import { DomainError, ValidationError, type FieldViolation, type GrpcCodeName } from '@consorcio/shared/errors';
import { httpStatusFromGrpc, type ErrorBody } from './grpc-to-http';

/**
 * JSON in and out for the gateway's own routes. Errors follow grpc-gateway's shape:
 * `{ code, message, details }` with `code` the gRPC code number and field violations as a
 * google.rpc.BadRequest in `details`.
 */

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...(text ? { 'content-type': 'application/json; charset=utf-8' } : {}),
    'cache-control': 'no-store', // tokens must never sit in a cache
    ...headers,
  });
  res.end(text);
}

/**
 * A download: the bytes as they are, with their content type, never cached (reports and documents hold personal and
 * financial data), and a file name when the service gave one. `nosniff`, so a browser never runs an upload as a page.
 */
export function sendRaw(res: ServerResponse, raw: { contentType: string; data: Uint8Array; fileName?: string }): void {
  res.writeHead(200, {
    'content-type': raw.contentType,
    'content-length': String(raw.data.length),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...(raw.fileName ? { 'content-disposition': contentDisposition(raw.fileName) } : {}),
  });
  res.end(raw.data);
}

/** RFC 6266: an ASCII fallback name plus the exact name in RFC 5987 encoding. */
function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export function errorBody(
  code: GrpcCodeName | 'INTERNAL',
  message: string,
  violations: readonly FieldViolation[] = [],
): ErrorBody {
  const details =
    violations.length === 0
      ? []
      : [
          {
            '@type': 'type.googleapis.com/google.rpc.BadRequest',
            fieldViolations: violations.map((v) => ({ field: v.field, description: v.rule })),
          },
        ];
  return { code: status[code], message, details };
}

/** Writes a DomainError as its status and body; anything else is a bug, answered 500 with a generic message. */
export function sendError(res: ServerResponse, err: unknown, headers: Record<string, string> = {}): void {
  if (err instanceof DomainError) {
    const violations = err instanceof ValidationError ? err.violations : [];
    sendJson(res, httpStatusFromGrpc(status[err.grpcCode]), errorBody(err.grpcCode, err.message, violations), headers);
    return;
  }
  sendJson(res, 500, errorBody('INTERNAL', 'internal error'), headers);
}

/** Largest request body accepted; the auth bodies are a few hundred bytes. */
export const MAX_BODY_BYTES = 16 * 1024;

/**
 * Reads the body as one JSON object whose keys are all in `allowed`. Throws ValidationError naming
 * `body` (not JSON, not an object, too large, wrong content type) or each unknown field.
 */
export async function readJsonObject(
  req: IncomingMessage,
  allowed: readonly string[],
): Promise<Record<string, unknown>> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') throw new ValidationError('body', 'content-type must be application/json');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new ValidationError('body', `must be at most ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  let value: unknown;
  try {
    value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new ValidationError('body', 'must be valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationError('body', 'must be a JSON object');
  }
  const unknown = Object.keys(value).filter((k) => !allowed.includes(k));
  ValidationError.throwIfAny(unknown.map((field) => ({ field, rule: 'is not a known field' })));
  return value as Record<string, unknown>;
}

/**
 * The named string fields of `body`, each required with 1..max characters. Every field that breaks
 * its rule is reported in one ValidationError, each violation naming its field.
 */
export function requiredStrings<K extends string>(
  body: Record<string, unknown>,
  spec: Readonly<Record<K, number>>,
): Record<K, string> {
  const out = {} as Record<K, string>;
  const violations: FieldViolation[] = [];
  for (const [field, max] of Object.entries(spec) as [K, number][]) {
    const v = body[field];
    if (typeof v === 'string' && v.length > 0 && v.length <= max) out[field] = v;
    else violations.push({ field, rule: `must be a string of 1..${max} characters` });
  }
  ValidationError.throwIfAny(violations);
  return out;
}
