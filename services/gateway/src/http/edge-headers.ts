import type { IncomingMessage, ServerResponse } from 'node:http';
import { newId } from '@consorcio/shared/ids';

const CORRELATION_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** Accepts the caller's `x-correlation-id` when it is sane, or makes one; echoed on the response. */
export function correlationIdOf(req: IncomingMessage): string {
  const given = req.headers['x-correlation-id'];
  return typeof given === 'string' && CORRELATION_ID.test(given) ? given : newId();
}

/**
 * Security headers for an API answering JSON (and the docs page, which loads its own scripts and
 * styles from this origin only).
 */
export function setSecurityHeaders(res: ServerResponse, docsPage: boolean): void {
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('cross-origin-resource-policy', 'same-origin');
  res.setHeader('strict-transport-security', 'max-age=31536000; includeSubDomains');
  res.setHeader(
    'content-security-policy',
    docsPage
      ? "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'"
      : "default-src 'none'; frame-ancestors 'none'",
  );
  if (!docsPage) res.setHeader('cache-control', 'no-store');
}

/**
 * CORS for the configured origins only ('*' allows any). Answers preflight requests itself;
 * returns true when it did.
 */
export function applyCors(req: IncomingMessage, res: ServerResponse, allowedOrigins: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin && (allowedOrigins.includes('*') || allowedOrigins.includes(origin))) {
    res.setHeader('access-control-allow-origin', allowedOrigins.includes('*') ? '*' : origin);
    res.setHeader('vary', 'Origin');
    res.setHeader('access-control-expose-headers', 'x-correlation-id, retry-after');
  }
  if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
    res.setHeader('access-control-allow-methods', 'GET, POST, PUT, PATCH, DELETE');
    res.setHeader(
      'access-control-allow-headers',
      'authorization, content-type, idempotency-key, x-correlation-id, grpc-timeout',
    );
    res.setHeader('access-control-max-age', '600');
    res.writeHead(204);
    res.end();
    return true;
  }
  return false;
}

const TIMEOUT_UNITS: Record<string, number> = { H: 3_600_000, M: 60_000, S: 1000, m: 1, u: 0.001, n: 0.000001 };

/** The `Grpc-Timeout` header (e.g. "5S", "250m") in ms, capped; the default when absent or malformed. */
export function deadlineMs(req: IncomingMessage, defaultMs: number, maxMs: number): number {
  const raw = req.headers['grpc-timeout'];
  const m = typeof raw === 'string' ? /^(\d{1,8})([HMSmun])$/.exec(raw) : null;
  if (!m) return defaultMs;
  return Math.min(maxMs, Math.max(1, Number(m[1]) * (TIMEOUT_UNITS[m[2]!] ?? 1)));
}
