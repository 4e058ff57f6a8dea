import type { Knex } from 'knex';
import type { Role } from '@consorcio/shared/auth';
import { AlreadyExistsError } from '@consorcio/shared/errors';
import { GATEWAY_SCHEMA, isUniqueViolation } from './schema';

/** A user as stored. `passwordHash` is an argon2id PHC string; it never leaves the auth module. */
export interface UserRecord {
  id: string;
  username: string;
  passwordHash: string;
  roles: Role[];
  memberId: string | null;
  disabled: boolean;
  createdAt: Date;
  updatedAt: Date;
}

interface UserRow {
  id: string;
  username: string;
  password_hash: string;
  roles: Role[];
  member_id: string | null;
  disabled: boolean;
  created_at: Date;
  updated_at: Date;
}

const TABLE = `${GATEWAY_SCHEMA}.users`;

function toUser(row: UserRow): UserRecord {
  return {
    id: row.id,
    username: row.username,
    passwordHash: row.password_hash,
    roles: row.roles,
    memberId: row.member_id,
    disabled: row.disabled,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Inserts a user; a taken username becomes AlreadyExistsError. `username` must already be lower-cased. */
export async function insertUser(
  db: Knex | Knex.Transaction,
  user: Pick<UserRecord, 'id' | 'username' | 'passwordHash' | 'roles' | 'memberId'> & { now: Date },
): Promise<UserRecord> {
  try {
    const [row] = (await db(TABLE)
      .insert({
        id: user.id,
        username: user.username,
        password_hash: user.passwordHash,
        roles: user.roles,
        member_id: user.memberId,
        created_at: user.now,
        updated_at: user.now,
      })
      .returning('*')) as UserRow[];
    return toUser(row!);
  } catch (err) {
    if (isUniqueViolation(err, 'users_username_unique')) throw new AlreadyExistsError('user', user.username);
    throw err;
  }
}

export async function findUserByUsername(db: Knex | Knex.Transaction, username: string): Promise<UserRecord | null> {
  const row = (await db(TABLE).where({ username }).first()) as UserRow | undefined;
  return row ? toUser(row) : null;
}

export async function findUserById(db: Knex | Knex.Transaction, id: string): Promise<UserRecord | null> {
  const row = (await db(TABLE).where({ id }).first()) as UserRow | undefined;
  return row ? toUser(row) : null;
}

/** True when some enabled user holds ADMIN. */
export async function activeAdminExists(db: Knex | Knex.Transaction): Promise<boolean> {
  const row: unknown = await db(TABLE).where({ disabled: false }).whereRaw(`'ADMIN' = any(roles)`).first('id');
  return row !== undefined;
}

/** Sets the disabled flag; false when no such user. */
export async function setUserDisabled(
  db: Knex | Knex.Transaction,
  id: string,
  disabled: boolean,
  now: Date,
): Promise<boolean> {
  return (await db(TABLE).where({ id }).update({ disabled, updated_at: now })) > 0;
}

/** Replaces a password hash (after a successful login with outdated argon2 parameters). */
export async function updatePasswordHash(
  db: Knex | Knex.Transaction,
  id: string,
  passwordHash: string,
  now: Date,
): Promise<void> {
  await db(TABLE).where({ id }).update({ password_hash: passwordHash, updated_at: now });
}
