import { appendToOutbox } from '@consorcio/shared/bus';
import { rotateTable } from '@consorcio/shared/crypto';
import { NotFoundError } from '@consorcio/shared/errors';
import { requireId } from '@consorcio/shared/input';
import { quotaLabel } from '@consorcio/shared/rules';
import { assertErasable } from '../domain';
import { holdingsOfMember, type Holding } from '../db/member-holdings';
import { sealedMembers } from '../db/member-reencryption';
import { eraseMemberRow, readMemberRecord, type MemberRecord } from '../db/members-repo';
import { outgoing } from '../events/outgoing';
import { SCHEMA, type CommandMeta, type MemberDeps } from './deps';
import { personalDataRead } from './member-commands';

/**
 * The member's rights under the LGPD (art. 18): the export of everything stored about them (II) and the erasure of
 * their personal data (VI) where the law does not require keeping it; and the key rotation that keeps the data
 * encrypted under the active key. See docs/personal-data.md.
 */

/** The purpose recorded for an export in the LGPD access record. */
export const EXPORT_PURPOSE = 'lgpd_data_export';

/** Everything stored about a member (decrypted) and the records they hold; the read is recorded like any other. */
export async function exportMemberData(
  deps: MemberDeps,
  meta: CommandMeta,
  memberId: string,
): Promise<{ member: MemberRecord; holdings: Holding[]; exportedAt: Date }> {
  requireId('member_id', memberId);
  return deps.db.transaction(async (trx) => {
    const member = await readMemberRecord(trx, deps.pii, memberId);
    if (!member) throw new NotFoundError('member', memberId);
    const holdings = await holdingsOfMember(trx, memberId);
    await appendToOutbox(trx, SCHEMA, [personalDataRead(member.id, meta, EXPORT_PURPOSE)]);
    return { member, holdings, exportedAt: deps.clock.now() };
  });
}

/**
 * Erases a member's personal data at their request: every personal column emptied, the blind index gone (the
 * document may register again), `erased_at` set, `groups.member.erased` emitted (ids only). The id, the quota records
 * and the spouse link stay, so the books and the audit log, which hold ids, stay whole. Erasing twice answers the
 * erased member again and emits nothing.
 * @throws RuleViolation `legal_retention` while a record the member holds or held keeps the data
 * (domain/member-erasure.ts).
 */
export async function eraseMember(deps: MemberDeps, meta: CommandMeta, memberId: string): Promise<MemberRecord> {
  requireId('member_id', memberId);
  return deps.db.transaction(async (trx) => {
    const member = await readMemberRecord(trx, deps.pii, memberId, true);
    if (!member) throw new NotFoundError('member', memberId);
    if (member.erasedAt) return member;
    // Former holdings count too: a record transferred away still carries this member's payments in its books.
    const holdings = await holdingsOfMember(trx, memberId, { former: true });
    const today = deps.clock.today();
    assertErasable(
      holdings.map((h) => ({
        quotaDisplay: quotaLabel(h.quota.number, h.quota.version, h.maxQuotas),
        groupStatus: h.groupStatus,
        groupEndedOn: h.groupEndedOn,
      })),
      today,
    );
    const ref = await eraseMemberRow(trx, memberId, deps.clock.now());
    await appendToOutbox(trx, SCHEMA, [
      outgoing(
        'groups.member.erased',
        memberId,
        { memberId, erasedByUserId: meta.userId ?? 'anonymous', erasedOn: today },
        meta.correlationId,
      ),
    ]);
    return { ...ref, document: '', name: '', email: '', phone: '', address: null, bankAccount: null };
  });
}

/**
 * Re-encrypts every member's personal data not under the active key; answers when none is left. Rows no key of the
 * ring opens are left as they are and refused by name once the others are done (shared `rotateTable`).
 */
export async function rotatePersonalDataKey(deps: MemberDeps): Promise<{ activeKeyId: string; rows: number }> {
  const activeKeyId = deps.pii.cipher.activeKeyId;
  return { activeKeyId, rows: await rotateTable(deps.db, sealedMembers(deps.pii), activeKeyId) };
}
