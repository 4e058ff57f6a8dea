import type { IncomingMessage, ServerResponse } from 'node:http';
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { principalFromAuthorization, type JwtAuthenticatorOptions } from '@consorcio/shared/auth';
import { IDEMPOTENCY_KEY_RULE, isIdempotencyKey } from '@consorcio/shared/db';
import { DomainError, NotFoundError, ValidationError } from '@consorcio/shared/errors';
import type { Logger } from '@consorcio/shared/log';
import type { Principal } from '@consorcio/shared/grpc';
import { RateLimiter, rateLimitKey, clientIp } from '../auth';
import { sendError, sendJson, sendRaw } from './json-response';
import {
  buildRequestMessage,
  decodeRawResponse,
  decodeResponse,
  encodeRequest,
  givesRawBody,
  takesRawBody,
  TranscodeError,
  type GrpcForwarder,
  type RouteTable,
} from '../routes';
import { deadlineMs } from './edge-headers';
import { errorBody, httpStatusFromGrpc } from './grpc-to-http';
import { BodyTooLargeError, readHttpBody, readJsonBody } from './request-body';

/**
 * Request headers passed on to the service as metadata besides the token, correlation and idempotency ids: the
 * signature of a provider's webhook (checked by the service over the raw body).
 */
const FORWARDED_HEADERS = ['x-signature'] as const;

/** What a REST call to a service needs. */
export interface ApiRouteDeps {
  routes: RouteTable;
  forwarder: GrpcForwarder;
  verify: JwtAuthenticatorOptions;
  limiter: RateLimiter;
  limits: { perUser: number; perIp: number; windowMs: number };
  maxBodyBytes: number;
  /** Raw uploads (documents) may be larger than JSON bodies. */
  maxUploadBytes: number;
  timeouts: { defaultMs: number; maxMs: number };
  trustProxy: boolean;
  log: Logger;
}

/**
 * A REST call derived from the protos: match the route (404 / 405), authenticate the bearer token
 * (401), rate-limit the user or IP (429), transcode JSON to protobuf by the HttpRule (400 naming the
 * field), forward with a deadline, the token, the correlation and idempotency ids, and answer the
 * ProtoJSON of the reply — or the service's status mapped by grpc-gateway's table.
 */
export async function handleApiRoute(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  correlationId: string,
  deps: ApiRouteDeps,
): Promise<void> {
  try {
    const found = deps.routes.match(req.method ?? 'GET', url.pathname);
    if (found.kind === 'not_found') throw new NotFoundError('route', `${req.method} ${url.pathname}`);
    if (found.kind === 'method_not_allowed') {
      sendJson(
        res,
        405,
        {
          code: 12,
          message: `${req.method} is not allowed on ${url.pathname}; use ${found.allowed.join(', ')}`,
          details: [],
        },
        { allow: found.allowed.join(', ') },
      );
      return;
    }
    const authorization = req.headers.authorization;
    const principal = await principalFromAuthorization(authorization, deps.verify);
    if (!(await withinRateLimit(req, res, principal, deps))) return;
    const { binding, pathParams } = found;
    const body = !binding.body
      ? undefined
      : takesRawBody(binding)
        ? await readHttpBody(req, deps.maxUploadBytes)
        : await readJsonBody(req, deps.maxBodyBytes);
    let requestBytes: Uint8Array;
    try {
      requestBytes = encodeRequest(buildRequestMessage(binding, pathParams, url.searchParams, body));
    } catch (err) {
      if (err instanceof TranscodeError) throw new ValidationError(err.field, err.description);
      throw err;
    }
    const metadata = new Metadata();
    if (authorization) metadata.set('authorization', authorization);
    metadata.set('x-correlation-id', correlationId);
    for (const name of FORWARDED_HEADERS) {
      const value = req.headers[name];
      if (typeof value === 'string') metadata.set(name, value);
    }
    const key = req.headers['idempotency-key'];
    if (typeof key === 'string') {
      if (!isIdempotencyKey(key)) throw new ValidationError('Idempotency-Key', IDEMPOTENCY_KEY_RULE);
      metadata.set('idempotency-key', key);
    }
    const deadline = new Date(Date.now() + deadlineMs(req, deps.timeouts.defaultMs, deps.timeouts.maxMs));
    let reply: Buffer;
    try {
      reply = await deps.forwarder.invokeUnary(binding, requestBytes, metadata, deadline);
    } catch (err) {
      const e = err as ServiceError;
      sendJson(res, httpStatusFromGrpc(e.code), errorBody(e));
      return;
    }
    if (givesRawBody(binding)) sendRaw(res, decodeRawResponse(binding, reply));
    else sendJson(res, 200, decodeResponse(binding, reply));
  } catch (err) {
    if (err instanceof BodyTooLargeError) {
      sendJson(res, 413, { code: status.INVALID_ARGUMENT, message: err.message, details: [] });
      return;
    }
    if (!(err instanceof DomainError)) deps.log.error({ err }, 'gateway request failed');
    sendError(
      res,
      err,
      err instanceof Error && err.name === 'UnauthenticatedError' ? { 'www-authenticate': 'Bearer' } : {},
    );
  }
}

async function withinRateLimit(
  req: IncomingMessage,
  res: ServerResponse,
  principal: Principal | null,
  deps: ApiRouteDeps,
): Promise<boolean> {
  const { limits } = deps;
  // Per client IP always (one address cannot flood the edge), and per user when signed in (one
  // account cannot either, whatever addresses it comes from) — both counted in one round trip.
  const verdict = await deps.limiter.hitAll(
    [
      { key: rateLimitKey('api-ip', clientIp(req, deps.trustProxy)), limit: limits.perIp },
      ...(principal ? [{ key: rateLimitKey('api-user', principal.userId), limit: limits.perUser }] : []),
    ],
    limits.windowMs,
  );
  if (verdict.allowed) return true;
  sendJson(
    res,
    429,
    { code: status.RESOURCE_EXHAUSTED, message: 'too many requests; retry later', details: [] },
    { 'retry-after': String(Math.max(1, Math.ceil(verdict.resetMs / 1000))) },
  );
  return false;
}
