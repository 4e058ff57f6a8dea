import { requireAuthenticated, requireRole, requireSelfOrRole, type Role } from '@consorcio/shared/auth';
import { PermissionDeniedError } from '@consorcio/shared/errors';
import type { CallContext } from '@consorcio/shared/grpc';

/**
 * Who may do what in draws. Operators run assemblies; a member bids for their own records only; bids are sealed:
 * before the result is published nobody — operators and auditors included — reads a record's bids but its member;
 * afterwards the minutes are public to every signed-in user.
 */
const STAFF: [Role, ...Role[]] = ['ADMIN', 'OPERATOR'];

/** Scheduling, opening and closing bidding, the lottery result, running: operators (and the calendar, SERVICE). */
export function staffOrService(ctx: CallContext): void {
  requireRole(ctx.principal, ...STAFF, 'SERVICE');
}

/** The reports (assemblies held): operators, admins and auditors read them, and services; refreshing is staffOrService. */
export function reportReaders(ctx: CallContext): void {
  requireRole(ctx.principal, 'ADMIN', 'OPERATOR', 'AUDITOR', 'SERVICE');
}

/** Entering or confirming the lottery: a person — maker and checker must be two identified operators. */
export function staffOnly(ctx: CallContext): void {
  requireRole(ctx.principal, ...STAFF);
}

/** Placing or withdrawing a bid: the record's member, or an operator for them. */
export function selfOrStaff(ctx: CallContext, memberId: string): void {
  requireSelfOrRole(ctx.principal, memberId, ...STAFF);
}

/** Reading a record's bids: only its member while they are sealed; anyone signed in once the result is public. */
export function sealedBids(ctx: CallContext, memberId: string, published: boolean): void {
  requireAuthenticated(ctx.principal);
  if (published) return;
  if (!ctx.principal.memberId || ctx.principal.memberId !== memberId)
    throw new PermissionDeniedError(
      'bids are sealed until the result is published: only the record’s member reads them',
    );
}

/** Assemblies and minutes: any signed-in user (quota numbers only, no personal data). */
export function anyUser(ctx: CallContext): void {
  requireAuthenticated(ctx.principal);
}
