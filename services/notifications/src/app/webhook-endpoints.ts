import { randomBytes } from 'node:crypto';
import { NotFoundError, ValidationError, type FieldViolation } from '@consorcio/shared/errors';
import { newId } from '@consorcio/shared/ids';
import { requireId } from '@consorcio/shared/input';
import type { NotificationKind } from '../domain/kinds';
import { disableEndpoint, insertEndpoint, type EndpointRecord } from '../db/endpoints-repo';
import type { NotificationsDeps } from './deps';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
export const MIN_SECRET_LENGTH = 32;

/** https, or http to a loopback address (local runs and tests) or when the installation allows it. */
function urlViolation(url: string, allowHttp: boolean): string | undefined {
  if (!URL.canParse(url)) return 'must be an absolute URL';
  const u = new URL(url);
  if (u.username || u.password) return 'must not carry credentials (the signature authenticates us)';
  if (u.protocol === 'https:') return undefined;
  if (u.protocol === 'http:' && (allowHttp || LOOPBACK.has(u.hostname))) return undefined;
  return 'must be https:// (http:// only for a loopback address)';
}

/**
 * Registers an integrator's endpoint. The secret is the operator's (≥ 32 characters) or a new random one; it is
 * answered once, here, and afterwards only used to sign.
 */
export async function registerEndpoint(
  deps: NotificationsDeps,
  req: { url: string; secret: string; kinds: (NotificationKind | undefined)[]; description: string },
  createdBy: string,
  allowHttp: boolean,
): Promise<{ endpoint: EndpointRecord; secret: string }> {
  const violations: FieldViolation[] = [];
  const urlRule = urlViolation(req.url, allowHttp);
  if (urlRule) violations.push({ field: 'url', rule: urlRule });
  if (req.secret !== '' && req.secret.length < MIN_SECRET_LENGTH) {
    violations.push({ field: 'secret', rule: `must be at least ${MIN_SECRET_LENGTH} characters (or empty)` });
  }
  req.kinds.forEach((k, i) => {
    if (!k) violations.push({ field: `kinds[${i}]`, rule: 'must be a notification kind' });
  });
  if (req.description.length > 200) violations.push({ field: 'description', rule: 'must be at most 200 characters' });
  ValidationError.throwIfAny(violations);
  const secret = req.secret || `whsec_${randomBytes(32).toString('base64url')}`;
  const kinds = [...new Set(req.kinds.filter((k): k is NotificationKind => k !== undefined))];
  const endpoint = await insertEndpoint(
    deps.db,
    { id: newId(), url: req.url, secret, kinds, description: req.description },
    createdBy,
  );
  return { endpoint, secret };
}

export async function disableWebhookEndpoint(deps: NotificationsDeps, endpointId: string): Promise<EndpointRecord> {
  requireId('endpoint_id', endpointId);
  const endpoint = await disableEndpoint(deps.db, endpointId);
  if (!endpoint) throw new NotFoundError('webhook endpoint', endpointId);
  return endpoint;
}
