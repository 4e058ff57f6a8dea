import { requireAuthenticated, requireRole, type Role } from '@consorcio/shared/auth';
import type { CallContext } from '@consorcio/shared/grpc';

/**
 * Who may do what with settings: operators and admins change them (a money setting needs two of them); everyone
 * signed in reads them, services included (their caches load every setting).
 */
const STAFF: [Role, ...Role[]] = ['ADMIN', 'OPERATOR'];

export function staffOnly(ctx: CallContext): void {
  requireRole(ctx.principal, ...STAFF);
}

export function signedIn(ctx: CallContext): void {
  requireAuthenticated(ctx.principal);
}
