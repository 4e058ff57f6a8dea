import { requireAuthenticated, requireRole, type Role } from '@consorcio/shared/auth';
import type { CallContext } from '@consorcio/shared/grpc';

/**
 * Who may do what with settings: operators and admins change them (a money setting needs two of them); everyone
 * signed in reads the current values, services included (their caches load every setting). The changes themselves
 * — proposals, their history — name the operators who made them and their reasons, so only staff, auditors and
 * services read those.
 */
const STAFF: [Role, ...Role[]] = ['ADMIN', 'OPERATOR'];
const REVIEWERS: [Role, ...Role[]] = ['ADMIN', 'OPERATOR', 'AUDITOR', 'SERVICE'];

export function staffOnly(ctx: CallContext): void {
  requireRole(ctx.principal, ...STAFF);
}

/** Reading changes (who proposed, confirmed or rejected, and why): staff, auditors and services. */
export function reviewersOnly(ctx: CallContext): void {
  requireRole(ctx.principal, ...REVIEWERS);
}

export function signedIn(ctx: CallContext): void {
  requireAuthenticated(ctx.principal);
}
