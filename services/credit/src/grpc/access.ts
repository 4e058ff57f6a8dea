import { requireRole, requireSelfOrRole, type Role } from '@consorcio/shared/auth';
import type { CallContext } from '@consorcio/shared/grpc';

/**
 * Who may do what in credit: operators analyse, approve (never their own analysis), register guarantees, release
 * and adjust; a member reads only their own letters and requests their usage; auditors read.
 */
const STAFF: [Role, ...Role[]] = ['ADMIN', 'OPERATOR'];
const READERS: Role[] = ['ADMIN', 'OPERATOR', 'AUDITOR', 'SERVICE'];

export function staffOnly(ctx: CallContext): void {
  requireRole(ctx.principal, ...STAFF);
}

/** Key rotation of personal data: administrators only. */
export function adminOnly(ctx: CallContext): void {
  requireRole(ctx.principal, 'ADMIN');
}

/** A letter's or a member's data: the member themselves, or readers. */
export function selfOrReader(ctx: CallContext, memberId: string): void {
  requireSelfOrRole(ctx.principal, memberId, ...READERS);
}

/** Acting for the letter's member: the member themselves, or staff. */
export function selfOrStaff(ctx: CallContext, memberId: string): void {
  requireSelfOrRole(ctx.principal, memberId, ...STAFF);
}
