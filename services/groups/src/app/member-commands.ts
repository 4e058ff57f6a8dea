import { appendToOutbox } from '@consorcio/shared/bus';
import { AlreadyExistsError, NotFoundError, ValidationError, type FieldViolation } from '@consorcio/shared/errors';
import { newId } from '@consorcio/shared/ids';
import { requireId } from '@consorcio/shared/input';
import {
  validateMemberContact,
  validateMemberInput,
  type MemberAddress,
  type MemberKind,
  type RefundAccount,
} from '../domain';
import { getMember, insertMember, memberIdByDocument, readMemberRecord, type MemberRecord } from '../db/members-repo';
import { outgoing } from '../events/outgoing';
import { SCHEMA, type CommandMeta, type MemberDeps } from './deps';

export interface CreateMember {
  kind: MemberKind | undefined;
  document: string;
  name: string;
  email: string;
  phone: string;
  spouseMemberId: string;
  address?: MemberAddress | undefined;
  bankAccount?: RefundAccount | undefined;
}

/**
 * Registers a member; CPF/CNPJ validated by check digits, one member per document (found by its blind index, the
 * document itself is stored only encrypted).
 */
export async function createMember(deps: MemberDeps, cmd: CreateMember): Promise<MemberRecord> {
  // An absent kind is reported by the validator with the other fields (kind: must be PERSON or COMPANY).
  const [valid, contact] = allViolations(
    () => validateMemberInput({ ...cmd, kind: cmd.kind as MemberKind }),
    () => validateMemberContact(cmd),
  );
  if (cmd.spouseMemberId) requireId('spouse_member_id', cmd.spouseMemberId);
  return deps.db.transaction(async (trx) => {
    // The message never repeats the document: it is personal data.
    if (await memberIdByDocument(trx, deps.pii, valid.document))
      throw new AlreadyExistsError('member', 'with this document');
    if (cmd.spouseMemberId && !(await getMember(trx, cmd.spouseMemberId))) {
      throw new NotFoundError('member', cmd.spouseMemberId);
    }
    return insertMember(trx, deps.pii, {
      id: newId(),
      kind: valid.kind,
      document: valid.document,
      name: valid.name,
      email: valid.email,
      phone: valid.phone,
      address: contact.address,
      bankAccount: contact.bankAccount,
      spouseMemberId: cmd.spouseMemberId || null,
    });
  });
}

/** Runs two validations and reports the violations of both at once. */
function allViolations<A, B>(a: () => A, b: () => B): [A, B] {
  const violations: FieldViolation[] = [];
  const run = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      violations.push(...err.violations);
      return undefined;
    }
  };
  const ra = run(a);
  const rb = run(b);
  ValidationError.throwIfAny(violations);
  return [ra!, rb!];
}

/**
 * Why personal data is read: a code (`notification_delivery`, `lgpd_data_export`, `support_call`), never free text —
 * it goes into the `groups.member.personal_data_read` event and from there into the audit log, which must hold no
 * personal data.
 */
const PURPOSE = /^[a-z0-9_]{1,40}$/;

/** Refuses a read purpose that is not a code (the value is not repeated: free text could be personal data). */
export function requirePurpose(purpose: string): void {
  if (!PURPOSE.test(purpose))
    throw new ValidationError(
      'purpose',
      'must be a code of 1..40 lowercase letters, digits or underscores (e.g. notification_delivery)',
    );
}

/**
 * Reads a member's personal data and, for a person's read (`recordAccess`), records who read it and why (LGPD
 * access record, domain §15 "Access": staff reads). A service's read for its own processing — notifications fetching
 * the address an e-mail goes to — is not a person's access and would only bury the people's reads under one record
 * per message.
 */
export async function readMember(
  deps: MemberDeps,
  meta: CommandMeta,
  cmd: { memberId: string; purpose: string; recordAccess: boolean },
): Promise<MemberRecord> {
  requireId('member_id', cmd.memberId);
  requirePurpose(cmd.purpose);
  return deps.db.transaction(async (trx) => {
    const member = await readMemberRecord(trx, deps.pii, cmd.memberId);
    if (!member) throw new NotFoundError('member', cmd.memberId);
    if (cmd.recordAccess) await appendToOutbox(trx, SCHEMA, [personalDataRead(member.id, meta, cmd.purpose)]);
    return member;
  });
}

/** The LGPD access record of one read of a member's personal data (ids and the stated purpose only). */
export function personalDataRead(memberId: string, meta: CommandMeta, purpose: string) {
  return outgoing(
    'groups.member.personal_data_read',
    memberId,
    { memberId, readerUserId: meta.userId ?? 'anonymous', purpose },
    meta.correlationId,
  );
}
