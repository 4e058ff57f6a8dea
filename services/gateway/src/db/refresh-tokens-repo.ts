import type { Knex } from 'knex';
import { GATEWAY_SCHEMA } from './schema';

/** A refresh token as stored: only the SHA-256 digest of the opaque token, never the token. */
export interface RefreshTokenRecord {
  id: string;
  familyId: string;
  userId: string;
  tokenHash: Buffer;
  expiresAt: Date;
  rotatedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
}

interface RefreshTokenRow {
  id: string;
  family_id: string;
  user_id: string;
  token_hash: Buffer;
  expires_at: Date;
  rotated_at: Date | null;
  revoked_at: Date | null;
  created_at: Date;
}

const TABLE = `${GATEWAY_SCHEMA}.refresh_tokens`;

function toToken(row: RefreshTokenRow): RefreshTokenRecord {
  return {
    id: row.id,
    familyId: row.family_id,
    userId: row.user_id,
    tokenHash: row.token_hash,
    expiresAt: row.expires_at,
    rotatedAt: row.rotated_at,
    revokedAt: row.revoked_at,
    createdAt: row.created_at,
  };
}

export async function insertRefreshToken(
  db: Knex | Knex.Transaction,
  t: Pick<RefreshTokenRecord, 'id' | 'familyId' | 'userId' | 'tokenHash' | 'expiresAt' | 'createdAt'>,
): Promise<void> {
  await db(TABLE).insert({
    id: t.id,
    family_id: t.familyId,
    user_id: t.userId,
    token_hash: t.tokenHash,
    expires_at: t.expiresAt,
    created_at: t.createdAt,
  });
}

/**
 * The token with this digest, row-locked until the transaction ends: two refreshes presenting the
 * same token are serialized, so exactly one rotates it and the other is seen as a reuse.
 */
export async function findRefreshTokenForUpdate(
  trx: Knex.Transaction,
  tokenHash: Buffer,
): Promise<RefreshTokenRecord | null> {
  const row = (await trx(TABLE).where({ token_hash: tokenHash }).forUpdate().first()) as RefreshTokenRow | undefined;
  return row ? toToken(row) : null;
}

export async function markRefreshTokenRotated(db: Knex | Knex.Transaction, id: string, now: Date): Promise<void> {
  await db(TABLE).where({ id }).whereNull('rotated_at').update({ rotated_at: now });
}

/** Revokes every still-live token of a family; returns how many. */
export async function revokeFamily(db: Knex | Knex.Transaction, familyId: string, now: Date): Promise<number> {
  return db(TABLE).where({ family_id: familyId }).whereNull('revoked_at').update({ revoked_at: now });
}

/** Revokes every still-live token of a user (when the user is disabled); returns how many. */
export async function revokeUserTokens(db: Knex | Knex.Transaction, userId: string, now: Date): Promise<number> {
  return db(TABLE).where({ user_id: userId }).whereNull('revoked_at').update({ revoked_at: now });
}
