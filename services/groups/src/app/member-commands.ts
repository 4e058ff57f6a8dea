import { appendToOutbox } from '@consorcio/shared/bus';
import { AlreadyExistsError, NotFoundError } from '@consorcio/shared/errors';
import { newId } from '@consorcio/shared/ids';
import { validateMemberInput, type MemberKind } from '../domain';
import { getMember, insertMember, memberExistsWithDocument, type MemberRecord } from '../db/members-repo';
import { outgoing } from '../events/outgoing';
import { SCHEMA, type CommandMeta, type GroupsDeps } from './deps';
import { requireId } from '@consorcio/shared/input';

export interface CreateMember {
  kind: MemberKind | undefined;
  document: string;
  name: string;
  email: string;
  phone: string;
  spouseMemberId: string;
}

/** Registers a member; CPF/CNPJ validated by check digits, one member per document. */
export async function createMember(deps: GroupsDeps, cmd: CreateMember): Promise<MemberRecord> {
  // An absent kind is reported by the validator with the other fields (kind: must be PERSON or COMPANY).
  const valid = validateMemberInput({ ...cmd, kind: cmd.kind as MemberKind });
  if (cmd.spouseMemberId) requireId('spouse_member_id', cmd.spouseMemberId);
  return deps.db.transaction(async (trx) => {
    // The message never repeats the document: it is personal data.
    if (await memberExistsWithDocument(trx, valid.document))
      throw new AlreadyExistsError('member', 'with this document');
    if (cmd.spouseMemberId && !(await getMember(trx, cmd.spouseMemberId))) {
      throw new NotFoundError('member', cmd.spouseMemberId);
    }
    return insertMember(trx, {
      id: newId(),
      kind: valid.kind,
      document: valid.document,
      name: valid.name,
      email: valid.email,
      phone: valid.phone,
      spouseMemberId: cmd.spouseMemberId || null,
    });
  });
}

/** Reads a member's personal data and records who read it and why (LGPD access record). */
export async function readMember(
  deps: GroupsDeps,
  meta: CommandMeta,
  cmd: { memberId: string; purpose: string },
): Promise<MemberRecord> {
  requireId('member_id', cmd.memberId);
  return deps.db.transaction(async (trx) => {
    const member = await getMember(trx, cmd.memberId);
    if (!member) throw new NotFoundError('member', cmd.memberId);
    await appendToOutbox(trx, SCHEMA, [
      outgoing(
        'groups.member.personal_data_read',
        member.id,
        { memberId: member.id, readerUserId: meta.userId ?? 'anonymous', purpose: cmd.purpose || 'unspecified' },
        meta.correlationId,
      ),
    ]);
    return member;
  });
}
