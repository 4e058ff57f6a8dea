import { hasRole, requireAuthenticated, requireRole, type Role } from '@consorcio/shared/auth';
import { PermissionDeniedError } from '@consorcio/shared/errors';
import type { CallContext } from '@consorcio/shared/grpc';
import type { Knex } from 'knex';
import { isAboutMember } from '../app/member-access';

/**
 * Who may read what in the log: auditors and admins (and services) read all of it; a member reads the entries about
 * themselves and their quotas; checkpoints, the public key and consistency proofs are public material for anyone
 * signed in. Only auditors and admins sign checkpoints on demand and run a verification.
 */
const READERS: Role[] = ['ADMIN', 'AUDITOR', 'SERVICE'];

export function auditorOnly(ctx: CallContext): void {
  requireRole(ctx.principal, 'ADMIN', 'AUDITOR');
}

export function readersOnly(ctx: CallContext): void {
  requireRole(ctx.principal, ...(READERS as [Role, ...Role[]]));
}

export function signedIn(ctx: CallContext): void {
  requireAuthenticated(ctx.principal);
}

/** The entries of one aggregate: readers, or the member they are about (unknown aggregates: readers only). */
export async function readerOf(db: Knex, ctx: CallContext, aggregateId: string | undefined): Promise<void> {
  requireAuthenticated(ctx.principal);
  if (hasRole(ctx.principal, ...READERS)) return;
  const memberId = ctx.principal.roles.includes('MEMBER') ? ctx.principal.memberId : undefined;
  if (memberId && aggregateId !== undefined && (await isAboutMember(db, memberId, aggregateId))) return;
  throw new PermissionDeniedError(`requires role ${READERS.join(' or ')}, or being the member the entries are about`);
}
