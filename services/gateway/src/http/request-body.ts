import type { IncomingMessage } from 'node:http';
import { ValidationError } from '@consorcio/shared/errors';
import { parseJsonBody, TranscodeError } from '../routes';

/** A body over the size limit: a ValidationError naming `body`, answered 413 instead of 400. */
export class BodyTooLargeError extends ValidationError {
  constructor(limit: number) {
    super('body', `must be at most ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/**
 * Reads a JSON request body up to `limit` bytes. An empty body is undefined; anything else must be
 * `application/json` and parse, or a ValidationError names the problem (position included).
 */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const bytes = await readBody(req, limit);
  if (bytes.length === 0) return undefined;
  const type = String(req.headers['content-type'] ?? '');
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new ValidationError('body', `content-type must be application/json, got ${type || 'none'}`);
  }
  try {
    return parseJsonBody(bytes.toString('utf8'));
  } catch (err) {
    // The position only: the parser's own message quotes the body, which may carry personal data.
    if (err instanceof TranscodeError) throw new ValidationError('body', `malformed JSON: ${err.description}`);
    throw err;
  }
}

/**
 * A body for a `google.api.HttpBody` field, as its ProtoJSON: the content type and the bytes exactly as received
 * (base64 in ProtoJSON), so a signature over the raw body can be checked by the service.
 */
export async function readHttpBody(
  req: IncomingMessage,
  limit: number,
): Promise<{ contentType: string; data: string }> {
  const bytes = await readBody(req, limit);
  return { contentType: String(req.headers['content-type'] ?? ''), data: bytes.toString('base64') };
}

/** The request's bytes, refused past `limit`. */
async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  if (Number(req.headers['content-length'] ?? 0) > limit) throw new BodyTooLargeError(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLargeError(limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
