import { requireRole, requireSelfOrRole, type Role } from '@consorcio/shared/auth';
import type { CallContext } from '@consorcio/shared/grpc';

/**
 * Who may do what in notifications: a member reads their own history and sets their own preferences; operators and
 * admins do both for anyone and manage integrators' webhook endpoints; auditors read histories and delivery logs.
 */
const STAFF: [Role, ...Role[]] = ['ADMIN', 'OPERATOR'];
const READERS: Role[] = ['ADMIN', 'OPERATOR', 'AUDITOR'];

export function staffOnly(ctx: CallContext): void {
  requireRole(ctx.principal, ...STAFF);
}

export function staffOrAuditor(ctx: CallContext): void {
  requireRole(ctx.principal, ...STAFF, 'AUDITOR');
}

/** A member's history: the member themselves, or readers. */
export function selfOrReader(ctx: CallContext, memberId: string): void {
  requireSelfOrRole(ctx.principal, memberId, ...READERS);
}

/** A member's preferences: the member themselves, or staff. */
export function selfOrStaff(ctx: CallContext, memberId: string): void {
  requireSelfOrRole(ctx.principal, memberId, ...STAFF);
}
