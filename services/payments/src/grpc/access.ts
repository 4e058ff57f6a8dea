import { requireRole, requireSelfOrRole, type Role } from '@consorcio/shared/auth';
import type { CallContext } from '@consorcio/shared/grpc';

/**
 * Who may do what in payments (the gateway authenticates; this service authorizes too). Operators and admins run
 * billing and record payments; other services (SERVICE: bank reconciliation, draws' snapshot) do too; auditors read;
 * a member reads their own installments and statement and asks for their own charges.
 */
const STAFF: [Role, ...Role[]] = ['ADMIN', 'OPERATOR'];
const READERS: [Role, ...Role[]] = ['ADMIN', 'OPERATOR', 'AUDITOR', 'SERVICE'];

/** Billing runs, recording payments, the delinquency run: staff and services. */
export function staffOrService(ctx: CallContext): void {
  requireRole(ctx.principal, ...STAFF, 'SERVICE');
}

/** Refunds, income, the closing: operators and admins (no service posts them). */
export function staffOnly(ctx: CallContext): void {
  requireRole(ctx.principal, ...STAFF);
}

/** Reversing a journal entry: admins only — a correction of the books is the most sensitive write there is. */
export function adminOnly(ctx: CallContext): void {
  requireRole(ctx.principal, 'ADMIN');
}

/** The books: staff, auditors and services. */
export function readers(ctx: CallContext): void {
  requireRole(ctx.principal, ...READERS);
}

/** A record's installments and statement: its member, or readers. */
export function selfOrReader(ctx: CallContext, memberId: string): void {
  requireSelfOrRole(ctx.principal, memberId, ...READERS);
}

/** A charge for a record: its member, or staff. */
export function selfOrStaff(ctx: CallContext, memberId: string): void {
  requireSelfOrRole(ctx.principal, memberId, ...STAFF);
}

/**
 * The provider's webhook carries no token: it is authenticated by the HMAC signature over its raw body, which the
 * use case checks before anything else.
 */
export function signedByProvider(): void {}
