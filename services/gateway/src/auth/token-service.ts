import type { KeyObject } from 'node:crypto';
import type { Knex } from 'knex';
import { signAccessToken } from '@consorcio/shared/auth';
import type { Clock } from '@consorcio/shared/clock';
import { withTransaction } from '@consorcio/shared/db';
import { UnauthenticatedError } from '@consorcio/shared/errors';
import { newId } from '@consorcio/shared/ids';
import type { Logger } from '@consorcio/shared/log';
import {
  findRefreshTokenForUpdate,
  insertRefreshToken,
  markRefreshTokenRotated,
  revokeFamily,
  type RefreshTokenRecord,
} from '../db/refresh-tokens-repo';
import { findUserById, findUserByUsername, updatePasswordHash, type UserRecord } from '../db/users-repo';
import { hashOpaqueToken, isOpaqueToken, newOpaqueToken } from './opaque-token';
import type { PasswordHasher } from './passwords';

/** What login and refresh answer (the OAuth 2 token response, camel-cased like the rest of the API). */
export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** Lifetime of the access token, seconds. */
  expiresIn: number;
  tokenType: 'Bearer';
}

export interface TokenServiceDeps {
  db: Knex;
  clock: Clock;
  log: Logger;
  passwords: PasswordHasher;
  signingKey: KeyObject;
  issuer: string;
  audience: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
}

// The only two messages a caller ever sees: which part was wrong stays in the logs.
export const INVALID_CREDENTIALS = 'invalid credentials';
export const INVALID_REFRESH_TOKEN = 'invalid refresh token';

/** Why a refresh token was refused, for the log line only. */
type Refusal = 'unknown' | 'revoked' | 'reused' | 'expired' | 'user-disabled';

/**
 * Logins and sessions. A session is a family of refresh tokens: each refresh rotates the presented
 * token into a new one of the same family, and presenting a token that was already rotated means
 * two parties hold it (one of them stole it), so the whole family is revoked.
 */
export class TokenService {
  constructor(private readonly deps: TokenServiceDeps) {}

  async login(username: string, password: string): Promise<TokenPair> {
    const { db, passwords, clock } = this.deps;
    const user = await findUserByUsername(db, username.toLowerCase());
    // Unknown users cost a full argon2 check too, so timing does not tell which usernames exist.
    const ok = user ? await passwords.verify(user.passwordHash, password) : await passwords.verifyUnknownUser(password);
    if (!user || !ok || user.disabled) {
      const reason = !user ? 'unknown-user' : !ok ? 'bad-password' : 'disabled';
      this.deps.log.info({ payload: { reason, ...(user ? { userId: user.id } : {}) } }, 'login refused');
      throw new UnauthenticatedError(INVALID_CREDENTIALS);
    }
    if (passwords.needsRehash(user.passwordHash)) {
      // The parameters were raised since this hash was made; the password is at hand only now.
      await updatePasswordHash(db, user.id, await passwords.hash(password), clock.now());
    }
    return withTransaction(db, (trx) => this.issue(trx, user, newId()));
  }

  async refresh(refreshToken: unknown): Promise<TokenPair> {
    const outcome = await this.withPresentedToken(refreshToken, async (trx, token, now) => {
      if (token.rotatedAt !== null) {
        await revokeFamily(trx, token.familyId, now);
        return 'reused';
      }
      const user = await findUserById(trx, token.userId);
      if (!user || user.disabled) {
        await revokeFamily(trx, token.familyId, now);
        return 'user-disabled';
      }
      await markRefreshTokenRotated(trx, token.id, now);
      return this.issue(trx, user, token.familyId);
    });
    if (typeof outcome === 'string') throw new UnauthenticatedError(INVALID_REFRESH_TOKEN);
    return outcome;
  }

  /** Ends the session the token belongs to (its whole family), whatever state the token is in. */
  async logout(refreshToken: unknown): Promise<void> {
    const outcome = await this.withPresentedToken(
      refreshToken,
      async (trx, token, now) => {
        await revokeFamily(trx, token.familyId, now);
      },
      { acceptSpent: true },
    );
    if (typeof outcome === 'string') throw new UnauthenticatedError(INVALID_REFRESH_TOKEN);
  }

  /**
   * Runs `use` on the stored token, row-locked, in a transaction that commits even when the answer
   * is a refusal: a reuse must leave its family revoked. Returns the refusal instead of throwing.
   */
  private async withPresentedToken<T>(
    presented: unknown,
    use: (trx: Knex.Transaction, token: RefreshTokenRecord, now: Date) => Promise<T | Refusal>,
    opts: { acceptSpent?: boolean } = {},
  ): Promise<T | Refusal> {
    const outcome = !isOpaqueToken(presented)
      ? 'unknown'
      : await withTransaction(this.deps.db, async (trx) => {
          const token = await findRefreshTokenForUpdate(trx, hashOpaqueToken(presented));
          const now = this.deps.clock.now();
          if (!token) return 'unknown';
          if (!opts.acceptSpent) {
            if (token.revokedAt !== null) return 'revoked';
            if (token.rotatedAt === null && token.expiresAt.getTime() <= now.getTime()) return 'expired';
          }
          return use(trx, token, now);
        });
    // A reuse means a token was copied (and maybe stolen): worth a warning, unlike a plain expiry.
    if (outcome === 'reused')
      this.deps.log.warn({ payload: { reason: outcome } }, 'refresh token reused; session revoked');
    else if (typeof outcome === 'string') this.deps.log.info({ payload: { reason: outcome } }, 'refresh token refused');
    return outcome;
  }

  private async issue(trx: Knex.Transaction, user: UserRecord, familyId: string): Promise<TokenPair> {
    const { clock, signingKey, issuer, audience, accessTokenTtlSeconds, refreshTokenTtlSeconds } = this.deps;
    const now = clock.now();
    const refreshToken = newOpaqueToken();
    await insertRefreshToken(trx, {
      id: newId(),
      familyId,
      userId: user.id,
      tokenHash: hashOpaqueToken(refreshToken),
      expiresAt: new Date(now.getTime() + refreshTokenTtlSeconds * 1000),
      createdAt: now,
    });
    const accessToken = await signAccessToken(
      { sub: user.id, roles: user.roles, ...(user.memberId !== null ? { member_id: user.memberId } : {}) },
      signingKey,
      { ttlSeconds: accessTokenTtlSeconds, issuer, audience, clock },
    );
    return { accessToken, refreshToken, expiresIn: accessTokenTtlSeconds, tokenType: 'Bearer' };
  }
}
