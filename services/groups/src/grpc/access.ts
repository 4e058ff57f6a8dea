import { requireAuthenticated, requireRole, requireSelfOrRole, type Role } from '@consorcio/shared/auth';
import type { CallContext } from '@consorcio/shared/grpc';
import { PermissionDeniedError } from '@consorcio/shared/errors';

/**
 * Who may do what in groups (the gateway authenticates; this service authorizes, so it is not the
 * only wall). Operators and admins run groups; auditors read; a member reads and acts only on their
 * own records; other services (SERVICE) report assembly facts.
 */
const STAFF: [Role, ...Role[]] = ['ADMIN', 'OPERATOR'];
const READERS: readonly Role[] = ['ADMIN', 'OPERATOR', 'AUDITOR', 'SERVICE'];

/** Group lifecycle, members, transfers: operators and admins. */
export function staffOnly(ctx: CallContext): void {
  requireRole(ctx.principal, ...STAFF);
}

/** Facts another service reports (the first assembly constitutes the group; the last one winds it up). */
export function staffOrService(ctx: CallContext): void {
  requireRole(ctx.principal, ...STAFF, 'SERVICE');
}

/** Public group information: any signed-in user. */
export function anyUser(ctx: CallContext): void {
  requireAuthenticated(ctx.principal);
}

/** Reading a member's data or records: the member themselves, or staff, auditors and services. */
export function selfOrReader(ctx: CallContext, memberId: string): void {
  requireSelfOrRole(ctx.principal, memberId, ...READERS);
}

/** Key rotation and LGPD erasure: admins only. */
export function adminOnly(ctx: CallContext): void {
  requireRole(ctx.principal, 'ADMIN');
}

/** The LGPD data export: the member themselves, or an admin. */
export function selfOrAdmin(ctx: CallContext, memberId: string): void {
  requireSelfOrRole(ctx.principal, memberId, 'ADMIN');
}

/** Acting on a member's behalf (enroll, leave): the member themselves, or staff. */
export function selfOrStaff(ctx: CallContext, memberId: string): void {
  requireSelfOrRole(ctx.principal, memberId, ...STAFF);
}

/** Listing a group's records: readers see all; a member only with the filter set to themselves. */
export function listRecords(ctx: CallContext, memberFilter: string): void {
  requireAuthenticated(ctx.principal);
  if (ctx.principal.roles.some((r) => (READERS as readonly string[]).includes(r))) return;
  if (memberFilter === '' || memberFilter !== ctx.principal.memberId) {
    throw new PermissionDeniedError('a member may list only their own records (set member_id to yourself)');
  }
}
