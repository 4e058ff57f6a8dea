import { hasRole, requireAuthenticated, requireRole, requireSelfOrRole, type Role } from '@consorcio/shared/auth';
import { PermissionDeniedError } from '@consorcio/shared/errors';
import type { CallContext } from '@consorcio/shared/grpc';
import type { Knex } from 'knex';
import type { DocumentRow } from '../db/documents-repo';
import { isMemberOfGroup } from '../db/projections-repo';

/**
 * Who may do what with documents: a member uploads and reads their own documents and reads the minutes of the
 * groups they hold (or held) a record in; operators upload for members and read everything, as do auditors and
 * services; only admins purge on demand.
 */
const STAFF: [Role, ...Role[]] = ['ADMIN', 'OPERATOR'];
const READERS: Role[] = ['ADMIN', 'OPERATOR', 'AUDITOR', 'SERVICE'];

export function selfOrStaff(ctx: CallContext, memberId: string): void {
  requireSelfOrRole(ctx.principal, memberId, ...STAFF);
}

export function adminOnly(ctx: CallContext): void {
  requireRole(ctx.principal, 'ADMIN');
}

export function signedIn(ctx: CallContext): void {
  requireAuthenticated(ctx.principal);
}

/** The member a call acts as, when it is a member's (undefined for staff and services). */
export function callingMember(ctx: CallContext): string | undefined {
  requireAuthenticated(ctx.principal);
  if (hasRole(ctx.principal, ...READERS)) return undefined;
  const memberId = ctx.principal.roles.includes('MEMBER') ? ctx.principal.memberId : undefined;
  if (!memberId) throw new PermissionDeniedError(`requires role ${READERS.join(' or ')}, or being a member`);
  return memberId;
}

/** Reading one document: readers, its owner, or a member of the group for its minutes. */
export async function requireReader(db: Knex, ctx: CallContext, doc: DocumentRow): Promise<void> {
  const member = callingMember(ctx);
  if (member === undefined || doc.ownerMemberId === member) return;
  if (doc.kind === 'ASSEMBLY_MINUTES' && doc.groupId && (await isMemberOfGroup(db, member, doc.groupId))) return;
  throw new PermissionDeniedError("requires being the document's member, or role " + READERS.join(' or '));
}
