import type { KeyObject } from 'node:crypto';
import type { Metadata } from '@grpc/grpc-js';
import type { Clock } from '../clock';
import { UnauthenticatedError } from '../errors';
import type { Authenticator, Principal } from '../grpc/call-context';
import { verifyAccessToken } from './access-token';

export interface JwtAuthenticatorOptions {
  publicKeys: KeyObject | readonly KeyObject[];
  issuer: string;
  audience: string;
  clock?: Clock;
  clockToleranceSeconds?: number;
}

const BEARER = /^Bearer +([A-Za-z0-9_.-]+)$/i;

/**
 * The principal named by an `Authorization` value: null when there is none (an anonymous call,
 * which the service's own rules then refuse where a principal is needed); an UnauthenticatedError
 * when there is one that is not a valid `Bearer <jwt>`. Presenting a bad token is never treated as
 * anonymous, so a client with an expired token learns to refresh instead of getting odd 403s.
 */
export async function principalFromAuthorization(
  authorization: string | undefined,
  opts: JwtAuthenticatorOptions,
): Promise<Principal | null> {
  if (authorization === undefined || authorization === '') return null;
  const match = BEARER.exec(authorization.trim());
  if (!match?.[1]) throw new UnauthenticatedError('invalid access token');
  return verifyAccessToken(match[1], opts.publicKeys, opts);
}

/**
 * An Authenticator for `startGrpcServer` that trusts only access tokens signed by one of
 * `publicKeys`, read from the `authorization` metadata. When it throws, the server answers
 * UNAUTHENTICATED. Forwarded `x-user-*` metadata is ignored: with this authenticator only a
 * signature can establish who calls.
 */
export function jwtAuthenticator(opts: JwtAuthenticatorOptions): Authenticator {
  return (metadata: Metadata) => {
    const values = metadata.get('authorization');
    if (values.length > 1) throw new UnauthenticatedError('invalid access token');
    const value = values[0];
    if (value !== undefined && typeof value !== 'string') throw new UnauthenticatedError('invalid access token');
    return principalFromAuthorization(value, opts);
  };
}
