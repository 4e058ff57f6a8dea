import { PermissionDeniedError, UnauthenticatedError } from '../errors';
import type { Principal } from '../grpc/call-context';
import type { Role } from './roles';

/** True when the principal holds at least one of `roles`. */
export function hasRole(principal: Principal | null, ...roles: readonly Role[]): boolean {
  return principal !== null && roles.some((r) => principal.roles.includes(r));
}

/** Throws UnauthenticatedError for an anonymous call. */
export function requireAuthenticated(principal: Principal | null): asserts principal is Principal {
  if (principal === null) throw new UnauthenticatedError('authentication required');
}

/**
 * Lets the call through when the principal holds one of `roles`; otherwise throws
 * PermissionDeniedError naming the roles needed (UnauthenticatedError when there is no principal).
 * At least one role is required by the type, so "any signed-in user" is spelled requireAuthenticated.
 */
export function requireRole(principal: Principal | null, ...roles: [Role, ...Role[]]): asserts principal is Principal {
  requireAuthenticated(principal);
  if (!hasRole(principal, ...roles)) throw new PermissionDeniedError(`requires role ${roles.join(' or ')}`);
}

/**
 * Lets the call through when the principal is the member `memberId` itself (a MEMBER whose token
 * carries that member id) or holds one of the staff `roles`; otherwise as {@link requireRole}.
 */
export function requireSelfOrRole(
  principal: Principal | null,
  memberId: string,
  ...roles: Role[]
): asserts principal is Principal {
  requireAuthenticated(principal);
  if (hasRole(principal, ...roles)) return;
  const self =
    principal.roles.includes('MEMBER') && principal.memberId !== undefined && principal.memberId === memberId;
  if (self) return;
  const staff = roles.length > 0 ? ` or role ${roles.join(' or ')}` : '';
  throw new PermissionDeniedError(`requires being that member${staff}`);
}
