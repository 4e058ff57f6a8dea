import {
  MemberKind,
  type Address,
  type BankAccount,
  type Member,
  type MemberPersonalData,
} from '@consorcio/shared/gen/consorcio/groups/v1/groups';
import { toProtoEnum } from '@consorcio/shared/grpc';
import { maskDocument, maskRefundAccount, type MemberAddress, type RefundAccount } from '../domain';
import type { MemberRecord } from '../db/members-repo';

/** A request's address, or undefined when the message is absent (the field is optional). */
export function addressFromProto(a: Address | undefined): MemberAddress | undefined {
  return a ? { ...a } : undefined;
}

/** A request's bank account, or undefined when the message is absent. */
export function bankAccountFromProto(b: BankAccount | undefined): RefundAccount | undefined {
  return b ? { ...b } : undefined;
}

const contactToProto = (m: MemberRecord, bank: (a: RefundAccount) => RefundAccount) => ({
  ...(m.address ? { address: { ...m.address } } : {}),
  ...(m.bankAccount ? { bankAccount: { ...bank(m.bankAccount) } } : {}),
  ...(m.erasedAt ? { erasedAt: m.erasedAt } : {}),
});

/** A member as the API answers it: the document and the refund account masked (empty once erased). */
export function memberToProto(m: MemberRecord): Member {
  return {
    memberId: m.id,
    kind: toProtoEnum(MemberKind, 'MEMBER_KIND_', m.kind),
    documentMasked: m.document === '' ? '' : maskDocument(m.kind, m.document),
    name: m.name,
    email: m.email,
    phone: m.phone,
    spouseMemberId: m.spouseMemberId ?? '',
    createdAt: m.createdAt,
    ...contactToProto(m, maskRefundAccount),
  };
}

/** Everything stored about a member, the document unmasked: the LGPD export only. */
export function memberPersonalDataToProto(m: MemberRecord): MemberPersonalData {
  return {
    memberId: m.id,
    kind: toProtoEnum(MemberKind, 'MEMBER_KIND_', m.kind),
    document: m.document,
    name: m.name,
    email: m.email,
    phone: m.phone,
    spouseMemberId: m.spouseMemberId ?? '',
    createdAt: m.createdAt,
    ...contactToProto(m, (a) => a),
  };
}
