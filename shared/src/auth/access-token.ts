import { randomUUID, type KeyObject } from 'node:crypto';
import { SignJWT, jwtVerify, decodeProtectedHeader, type JWTPayload } from 'jose';
import { systemClock, type Clock } from '../clock';
import { UnauthenticatedError } from '../errors';
import type { Principal } from '../grpc/call-context';
import { keyIdOf } from './keys';
import { SERVICE_SUBJECT_PREFIX, isRole, type Role } from './roles';

/** The claims of an access token (a JWT signed with EdDSA/Ed25519). */
export interface AccessTokenClaims {
  /** The user id, or `service:<name>` for a service token. */
  sub: string;
  roles: Role[];
  /** The member the user is, present exactly when roles include MEMBER. */
  member_id?: string;
  iss: string;
  aud: string;
  /** Expiry and issue time, in Unix seconds. */
  exp: number;
  iat: number;
  /** A unique token id, so a token can be told apart in logs and, if ever needed, deny-listed. */
  jti: string;
}

/** What the signer chooses; the rest of the claims come from {@link SignAccessTokenOptions}. */
export type AccessTokenSubject = Pick<AccessTokenClaims, 'sub' | 'roles' | 'member_id'>;

export interface SignAccessTokenOptions {
  ttlSeconds: number;
  issuer: string;
  audience: string;
  /** The `kid` header; the key's thumbprint ({@link keyIdOf}) by default. */
  keyId?: string;
  clock?: Clock;
}

export interface VerifyAccessTokenOptions {
  issuer: string;
  audience: string;
  clock?: Clock;
  /** Accepted clock skew between signer and verifier, in seconds (default 0). */
  clockToleranceSeconds?: number;
}

// Only EdDSA is accepted, whatever the token's header claims: no "none", no HMAC-with-the-public-key confusion.
const ALGORITHMS = ['EdDSA'];

/** Signs an access token for `subject`; returns the compact JWT. */
export async function signAccessToken(
  subject: AccessTokenSubject,
  privateKey: KeyObject,
  opts: SignAccessTokenOptions,
): Promise<string> {
  if (!Number.isInteger(opts.ttlSeconds) || opts.ttlSeconds <= 0)
    throw new Error('ttlSeconds must be a positive integer');
  const iat = Math.floor((opts.clock ?? systemClock).now().getTime() / 1000);
  const payload: JWTPayload = { roles: [...subject.roles] };
  if (subject.member_id !== undefined) payload.member_id = subject.member_id;
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid: opts.keyId ?? keyIdOf(privateKey) })
    .setSubject(subject.sub)
    .setIssuer(opts.issuer)
    .setAudience(opts.audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + opts.ttlSeconds)
    .setJti(randomUUID())
    .sign(privateKey);
}

/**
 * Verifies signature, algorithm, issuer, audience and expiry, then the claims' shape, and returns
 * who the token speaks for. Any failure is one UnauthenticatedError with a generic message (the
 * precise reason rides in `cause`, for logs only).
 */
export async function verifyAccessToken(
  token: string,
  publicKeys: KeyObject | readonly KeyObject[],
  opts: VerifyAccessTokenOptions,
): Promise<Principal> {
  const keys = Array.isArray(publicKeys) ? (publicKeys as readonly KeyObject[]) : [publicKeys as KeyObject];
  let lastError: unknown = new Error('no verification key');
  for (const key of candidateKeys(token, keys)) {
    try {
      const { payload } = await jwtVerify(token, key, {
        algorithms: ALGORITHMS,
        issuer: opts.issuer,
        audience: opts.audience,
        currentDate: (opts.clock ?? systemClock).now(),
        clockTolerance: opts.clockToleranceSeconds ?? 0,
        requiredClaims: ['sub', 'exp', 'iat', 'jti'],
      });
      return principalFrom(payload);
    } catch (err) {
      lastError = err;
    }
  }
  throw new UnauthenticatedError('invalid access token', { cause: lastError });
}

/** The key the `kid` names when it names one of ours; otherwise every key (they are few). */
function candidateKeys(token: string, keys: readonly KeyObject[]): readonly KeyObject[] {
  let kid: string | undefined;
  try {
    kid = decodeProtectedHeader(token).kid;
  } catch {
    return keys; // a malformed token fails verification below with jose's own reason
  }
  const named = keys.filter((k) => keyIdOf(k) === kid);
  return named.length > 0 ? named : keys;
}

function principalFrom(payload: JWTPayload): Principal {
  const { sub, roles, member_id: memberId } = payload;
  if (typeof sub !== 'string' || sub === '') throw new Error('sub must be a non-empty string');
  if (!Array.isArray(roles) || roles.length === 0 || !roles.every(isRole)) {
    throw new Error('roles must be a non-empty list of known roles');
  }
  if (memberId !== undefined && (typeof memberId !== 'string' || memberId === '')) {
    throw new Error('member_id must be a non-empty string');
  }
  // A member token without its member id could not be limited to that member's own data.
  if (roles.includes('MEMBER') !== (memberId !== undefined)) throw new Error('member_id must come with MEMBER');
  // SERVICE is a service's own identity: only a `service:<name>` subject carries it, and it carries
  // nothing else, so no user token can pass for a service and no service token for a user.
  const service = sub.startsWith(SERVICE_SUBJECT_PREFIX);
  if (service !== roles.includes('SERVICE') || (service && roles.length !== 1)) {
    throw new Error('SERVICE goes alone and only with a service: subject');
  }
  return { userId: sub, roles: [...roles], ...(memberId !== undefined ? { memberId } : {}) };
}
