import type { KeyObject } from 'node:crypto';
import { Metadata } from '@grpc/grpc-js';
import { systemClock, type Clock } from '../clock';
import { signAccessToken } from './access-token';
import { SERVICE_SUBJECT_PREFIX } from './roles';

export interface ServiceTokenOptions {
  issuer: string;
  audience: string;
  /** Lifetime of each token, seconds (default 300): short, since nothing can revoke it. */
  ttlSeconds?: number;
  /** Renew this many seconds before expiry (default 60), so a token never expires in flight. */
  renewBeforeSeconds?: number;
  keyId?: string;
  clock?: Clock;
}

/** The token a service presents on its calls to other services, renewed as it nears expiry. */
export interface ServiceTokenSource {
  /** The current token (signs a new one when there is none or it is about to expire). */
  token(): Promise<string>;
  /** New call metadata carrying `authorization: Bearer <token>`. */
  metadata(): Promise<Metadata>;
}

/**
 * Service-to-service identity: tokens with sub `service:<name>` and the single role SERVICE,
 * signed with the service's private key. One token is cached and shared by every call until it
 * is `renewBeforeSeconds` from expiry; concurrent callers wait on the same signing.
 */
export function serviceToken(
  serviceName: string,
  privateKey: KeyObject,
  opts: ServiceTokenOptions,
): ServiceTokenSource {
  if (!/^[a-z][a-z0-9-]*$/.test(serviceName)) throw new Error(`invalid service name ${JSON.stringify(serviceName)}`);
  const clock = opts.clock ?? systemClock;
  const ttlSeconds = opts.ttlSeconds ?? 300;
  const renewBeforeMs = (opts.renewBeforeSeconds ?? 60) * 1000;
  if (renewBeforeMs >= ttlSeconds * 1000) throw new Error('renewBeforeSeconds must be shorter than ttlSeconds');
  let current: { token: Promise<string>; expiresAtMs: number } | undefined;

  const token = (): Promise<string> => {
    const nowMs = clock.now().getTime();
    if (current === undefined || nowMs >= current.expiresAtMs - renewBeforeMs) {
      const signing = signAccessToken(
        { sub: `${SERVICE_SUBJECT_PREFIX}${serviceName}`, roles: ['SERVICE'] },
        privateKey,
        {
          ttlSeconds,
          issuer: opts.issuer,
          audience: opts.audience,
          clock,
          ...(opts.keyId !== undefined ? { keyId: opts.keyId } : {}),
        },
      );
      // exp is whole seconds from the same clock reading, so this never overestimates the lifetime.
      const entry = { token: signing, expiresAtMs: Math.floor(nowMs / 1000) * 1000 + ttlSeconds * 1000 };
      current = entry;
      // A failed signing must not stay cached: the next call tries again.
      signing.catch(() => {
        if (current === entry) current = undefined;
      });
    }
    return current.token;
  };

  return {
    token,
    async metadata() {
      const md = new Metadata();
      md.set('authorization', `Bearer ${await token()}`);
      return md;
    },
  };
}
