import type { IncomingMessage, ServerResponse } from 'node:http';
import { principalFromAuthorization, type JwtAuthenticatorOptions } from '@consorcio/shared/auth';
import { DomainError, UnauthenticatedError } from '@consorcio/shared/errors';
import type { Logger } from '@consorcio/shared/log';
import type { AuthRateLimits } from './auth-config';
import { errorBody, readJsonObject, requiredStrings, sendError, sendJson } from '../http/json-response';
import { rateLimitKey, type RateLimiter } from './rate-limiter';
import type { TokenService } from './token-service';
import { createUser, type UsersDeps } from './users';

export interface AuthRouteDeps {
  tokens: TokenService;
  users: UsersDeps;
  limiter: RateLimiter;
  limits: AuthRateLimits;
  /** How to check the bearer token of `POST /v1/auth/users`: the gateway's own public key(s). */
  verify: JwtAuthenticatorOptions;
  log: Logger;
  /** Read the client IP from the last X-Forwarded-For hop (behind exactly one trusted proxy). */
  trustProxy?: boolean;
}

type Route = (req: IncomingMessage, res: ServerResponse, deps: AuthRouteDeps, ip: string) => Promise<void>;

// Login takes the field lengths generously: the real rules are checked when a user is created, and
// a login must not tell a malformed username from an unknown one.
const MAX_USERNAME = 256;
const MAX_PASSWORD = 1024;
const MAX_REFRESH_TOKEN = 256;

/**
 * Answers 429 and returns false when `key` is over `limit` in this window. With `failClosed` (login)
 * a Redis outage refuses the request (503) instead of opening an unlimited guessing window.
 */
async function withinLimit(
  deps: AuthRouteDeps,
  res: ServerResponse,
  key: string,
  limit: number,
  failClosed = false,
): Promise<boolean> {
  const decision = await deps.limiter.hit(key, limit, deps.limits.windowMs, failClosed);
  if (decision.allowed) return true;
  if (decision.unavailable) {
    sendJson(res, 503, errorBody('UNAVAILABLE', 'login is unavailable; retry shortly'), { 'retry-after': '1' });
    return false;
  }
  const retryAfter = String(Math.max(1, Math.ceil(decision.resetMs / 1000)));
  sendJson(res, 429, errorBody('RESOURCE_EXHAUSTED', 'too many requests'), { 'retry-after': retryAfter });
  return false;
}

const login: Route = async (req, res, deps, ip) => {
  if (!(await withinLimit(deps, res, rateLimitKey('login-ip', ip), deps.limits.loginPerIp, true))) return;
  const body = await readJsonObject(req, ['username', 'password']);
  const { username, password } = requiredStrings(body, { username: MAX_USERNAME, password: MAX_PASSWORD });
  // Per username too, so guessing one account's password from many addresses is slow as well.
  const user = rateLimitKey('login-user', username.toLowerCase());
  if (!(await withinLimit(deps, res, user, deps.limits.loginPerUsername, true))) return;
  sendJson(res, 200, await deps.tokens.login(username, password));
};

const refresh: Route = async (req, res, deps, ip) => {
  if (!(await withinLimit(deps, res, rateLimitKey('auth-ip', ip), deps.limits.otherPerIp))) return;
  const body = await readJsonObject(req, ['refreshToken']);
  const { refreshToken } = requiredStrings(body, { refreshToken: MAX_REFRESH_TOKEN });
  sendJson(res, 200, await deps.tokens.refresh(refreshToken));
};

const logout: Route = async (req, res, deps, ip) => {
  if (!(await withinLimit(deps, res, rateLimitKey('auth-ip', ip), deps.limits.otherPerIp))) return;
  const body = await readJsonObject(req, ['refreshToken']);
  const { refreshToken } = requiredStrings(body, { refreshToken: MAX_REFRESH_TOKEN });
  await deps.tokens.logout(refreshToken);
  sendJson(res, 204, undefined);
};

const users: Route = async (req, res, deps, ip) => {
  if (!(await withinLimit(deps, res, rateLimitKey('auth-ip', ip), deps.limits.otherPerIp))) return;
  // Who asks is settled before the body is even read: anonymous callers get nothing parsed.
  const principal = await principalFromAuthorization(req.headers.authorization, deps.verify);
  if (principal === null) throw new UnauthenticatedError('authentication required');
  const body = await readJsonObject(req, ['username', 'password', 'roles', 'memberId']);
  const input = { username: body.username, password: body.password, roles: body.roles, memberId: body.memberId };
  sendJson(res, 201, await createUser(deps.users, principal, input));
};

const ROUTES: Readonly<Record<string, Route>> = {
  '/v1/auth/login': login,
  '/v1/auth/refresh': refresh,
  '/v1/auth/logout': logout,
  '/v1/auth/users': users,
};

/** The client address rate limits are keyed by. */
export function clientIp(req: IncomingMessage, trustProxy = false): string {
  if (trustProxy) {
    // The last hop is the one our proxy appended; earlier entries are whatever the client sent.
    const hops = String(req.headers['x-forwarded-for'] ?? '').split(',');
    const last = hops[hops.length - 1]?.trim();
    if (last) return last;
  }
  return req.socket.remoteAddress ?? 'unknown';
}

/**
 * Serves `POST /v1/auth/{login,refresh,logout,users}`. Returns false, touching nothing, for any
 * other path, so the gateway's server calls it first and falls through to its other routes.
 */
export async function handleAuthRequest(
  req: IncomingMessage,
  res: ServerResponse,
  deps: AuthRouteDeps,
): Promise<boolean> {
  const path = (req.url ?? '').split('?')[0] ?? '';
  const route = ROUTES[path];
  if (route === undefined) return false;
  if (req.method !== 'POST') {
    sendJson(res, 405, { code: 12, message: 'method not allowed', details: [] }, { allow: 'POST' });
    return true;
  }
  try {
    await route(req, res, deps, clientIp(req, deps.trustProxy));
  } catch (err) {
    if (!(err instanceof DomainError)) deps.log.error({ err, payload: { path } }, 'auth request failed');
    else if (err instanceof UnauthenticatedError && err.cause !== undefined) {
      deps.log.info(
        { payload: { path, reason: err.cause instanceof Error ? err.cause.message : 'unknown' } },
        'access token refused',
      );
    }
    const challenge = err instanceof UnauthenticatedError && path === '/v1/auth/users';
    if (!res.headersSent) sendError(res, err, challenge ? { 'www-authenticate': 'Bearer' } : {});
  }
  return true;
}
