import { Metadata } from '@grpc/grpc-js';
import {
  generateKeyPairPem,
  jwtAuthenticator,
  loadSigningKey,
  loadVerificationKeys,
  signAccessToken,
  type Role,
} from '../auth';
import type { Authenticator } from '../grpc';

export const TEST_ISSUER = 'consorcio-gateway';
export const TEST_AUDIENCE = 'consorcio';

/** A fresh key pair, the authenticator a service under test verifies with, and tokens signed with it. */
export interface TestTokens {
  publicKeyPem: string;
  privateKeyPem: string;
  authenticate: Authenticator;
  /** Signs an access token for a user with these roles (and member id, for a member; `service:tests` for SERVICE). */
  token(roles: Role[], memberId?: string): Promise<string>;
  /** Call metadata carrying such a token. */
  as(roles: Role[], memberId?: string): Promise<Metadata>;
}

export function testTokens(): TestTokens {
  const keys = generateKeyPairPem();
  const signingKey = loadSigningKey(keys.privateKeyPem);
  const token = (roles: Role[], memberId?: string) =>
    signAccessToken(
      {
        sub: roles.includes('SERVICE') ? 'service:draws' : `user-${roles.join('-')}-${memberId ?? 'staff'}`,
        roles,
        ...(memberId ? { member_id: memberId } : {}),
      },
      signingKey,
      { ttlSeconds: 600, issuer: TEST_ISSUER, audience: TEST_AUDIENCE },
    );
  return {
    publicKeyPem: keys.publicKeyPem,
    privateKeyPem: keys.privateKeyPem,
    authenticate: jwtAuthenticator({
      publicKeys: loadVerificationKeys([keys.publicKeyPem]),
      issuer: TEST_ISSUER,
      audience: TEST_AUDIENCE,
    }),
    token,
    async as(roles, memberId) {
      const md = new Metadata();
      md.set('authorization', `Bearer ${await token(roles, memberId)}`);
      return md;
    },
  };
}

/** Waits until `predicate` holds (polling every 50 ms), failing after `timeoutMs`. */
export async function eventually(predicate: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
