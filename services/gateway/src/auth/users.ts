import type { Knex } from 'knex';
import { ROLES, isRole, requireRole, type Role } from '@consorcio/shared/auth';
import type { Clock } from '@consorcio/shared/clock';
import { withTransaction } from '@consorcio/shared/db';
import { NotFoundError, RuleViolation, ValidationError, type FieldViolation } from '@consorcio/shared/errors';
import type { Principal } from '@consorcio/shared/grpc';
import { isUuid, newId } from '@consorcio/shared/ids';
import { revokeUserTokens } from '../db/refresh-tokens-repo';
import { insertUser, setUserDisabled, type UserRecord } from '../db/users-repo';
import type { PasswordHasher } from './passwords';

export interface UsersDeps {
  db: Knex;
  clock: Clock;
  passwords: PasswordHasher;
}

/** The body of `POST /v1/auth/users`, after JSON parsing (types not yet checked). */
export interface CreateUserInput {
  username: unknown;
  password: unknown;
  roles: unknown;
  memberId?: unknown;
}

/** A user as the API shows it: never the password hash. */
export interface UserView {
  id: string;
  username: string;
  roles: Role[];
  memberId?: string;
  disabled: boolean;
  createdAt: string;
}

const USERNAME = /^[a-z0-9._-]{3,64}$/;
export const MIN_PASSWORD_LENGTH = 12;
// argon2 takes any length, but hashing megabytes per request would be a cheap denial of service.
export const MAX_PASSWORD_LENGTH = 256;
// SERVICE belongs to service tokens (sub service:<name>), never to a person's account.
const ASSIGNABLE_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'SERVICE');

/** A checked, normalized new user (username lower-cased). */
export interface ValidUser {
  username: string;
  password: string;
  roles: Role[];
  memberId: string | null;
}

/** Checks every field and reports all violations at once, each naming its field. */
export function validateNewUser(input: CreateUserInput): ValidUser {
  const violations: FieldViolation[] = [];
  const username = typeof input.username === 'string' ? input.username.toLowerCase() : undefined;
  if (username === undefined || !USERNAME.test(username)) {
    violations.push({ field: 'username', rule: 'must be 3..64 characters of a-z, 0-9, ".", "_", "-"' });
  }
  const password = input.password;
  const length = typeof password === 'string' ? [...password].length : -1;
  if (typeof password !== 'string' || length < MIN_PASSWORD_LENGTH || length > MAX_PASSWORD_LENGTH) {
    violations.push({ field: 'password', rule: `must be ${MIN_PASSWORD_LENGTH}..${MAX_PASSWORD_LENGTH} characters` });
  }
  const roles = input.roles;
  const rolesOk =
    Array.isArray(roles) &&
    roles.length > 0 &&
    roles.every((r) => isRole(r) && ASSIGNABLE_ROLES.includes(r)) &&
    new Set(roles).size === roles.length;
  if (!rolesOk) {
    violations.push({
      field: 'roles',
      rule: `must be a non-empty list of distinct roles of ${ASSIGNABLE_ROLES.join(', ')}`,
    });
  }
  const isMember = rolesOk && (roles as Role[]).includes('MEMBER');
  const memberId = input.memberId ?? null;
  if (memberId !== null && !isUuid(memberId)) violations.push({ field: 'memberId', rule: 'must be a UUID' });
  else if (rolesOk && isMember !== (memberId !== null)) {
    violations.push({ field: 'memberId', rule: 'is required with role MEMBER and allowed only with it' });
  }
  ValidationError.throwIfAny(violations);
  return {
    username: username!,
    password: password as string,
    roles: roles as Role[],
    memberId: memberId as string | null,
  };
}

export function toUserView(u: UserRecord): UserView {
  return {
    id: u.id,
    username: u.username,
    roles: u.roles,
    ...(u.memberId !== null ? { memberId: u.memberId } : {}),
    disabled: u.disabled,
    createdAt: u.createdAt.toISOString(),
  };
}

/** Creates a user (ADMIN only). A taken username is AlreadyExistsError. */
export async function createUser(
  deps: UsersDeps,
  principal: Principal | null,
  input: CreateUserInput,
): Promise<UserView> {
  requireRole(principal, 'ADMIN');
  return toUserView(await insertValidUser(deps, deps.db, validateNewUser(input)));
}

/** Hashes the password and inserts; shared by {@link createUser} and the admin bootstrap. */
export async function insertValidUser(
  deps: Pick<UsersDeps, 'clock' | 'passwords'>,
  db: Knex | Knex.Transaction,
  user: ValidUser,
): Promise<UserRecord> {
  const passwordHash = await deps.passwords.hash(user.password);
  return insertUser(db, { id: newId(), ...user, passwordHash, now: deps.clock.now() });
}

/** Disables a user (ADMIN only) and revokes their sessions; access tokens already issued run out on their own. */
export async function disableUser(deps: UsersDeps, principal: Principal | null, userId: string): Promise<void> {
  requireRole(principal, 'ADMIN');
  if (!isUuid(userId)) throw new ValidationError('userId', 'must be a UUID');
  // Disabling oneself could leave nobody able to administer the platform.
  if (principal.userId === userId) throw new RuleViolation('self-disable', 'an admin cannot disable their own account');
  await withTransaction(deps.db, async (trx) => {
    const now = deps.clock.now();
    if (!(await setUserDisabled(trx, userId, true, now))) throw new NotFoundError('user', userId);
    await revokeUserTokens(trx, userId, now);
  });
}
