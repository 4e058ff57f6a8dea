import type { CallContext, Policies, UnaryHandlers } from '@consorcio/shared/grpc';
import type { GroupsServiceServer } from '@consorcio/shared/gen/consorcio/groups/v1/groups_service';
import type { MemberKind as DomainKind } from '../domain';
import type { CommandMeta, MemberDeps } from '../app/deps';
import { createMember, readMember } from '../app/member-commands';
import { eraseMember, exportMemberData, rotatePersonalDataKey } from '../app/member-privacy';
import { adminOnly, selfOrAdmin, selfOrReader, staffOnly } from './access';
import { MemberKind, fromProtoEnum, quotaToProto } from './mappers';
import { addressFromProto, bankAccountFromProto, memberPersonalDataToProto, memberToProto } from './member-mappers';

type MemberMethods = 'createMember' | 'getMember' | 'exportMemberData' | 'eraseMember' | 'rotatePersonalDataKey';

/** Who may call the member methods (see access.ts). */
export const memberPolicies: Pick<Policies<GroupsServiceServer>, MemberMethods> = {
  createMember: staffOnly,
  getMember: (ctx, req) => selfOrReader(ctx, req.memberId),
  exportMemberData: (ctx, req) => selfOrAdmin(ctx, req.memberId),
  eraseMember: adminOnly,
  rotatePersonalDataKey: adminOnly,
};

/** The member methods: registration, reads of personal data, the LGPD export and erasure, the key rotation. */
export function memberHandlers(
  deps: MemberDeps,
  metaOf: (ctx: CallContext) => CommandMeta,
): Pick<UnaryHandlers<GroupsServiceServer>, MemberMethods> {
  return {
    createMember: async (req) => ({
      member: memberToProto(
        await createMember(deps, {
          kind: fromProtoEnum<DomainKind>(MemberKind, 'MEMBER_KIND_', req.kind, 'kind'),
          document: req.document,
          name: req.name,
          email: req.email,
          phone: req.phone,
          spouseMemberId: req.spouseMemberId,
          address: addressFromProto(req.address),
          bankAccount: bankAccountFromProto(req.bankAccount),
        }),
      ),
    }),
    getMember: async (req, ctx) => ({
      member: memberToProto(
        await readMember(deps, metaOf(ctx), {
          memberId: req.memberId,
          purpose: req.purpose,
          recordAccess: !ctx.principal?.roles.includes('SERVICE'),
        }),
      ),
    }),
    exportMemberData: async (req, ctx) => {
      const r = await exportMemberData(deps, metaOf(ctx), req.memberId);
      return {
        member: memberPersonalDataToProto(r.member),
        quotas: r.holdings.map((h) => quotaToProto(h.quota, h.maxQuotas)),
        exportedAt: r.exportedAt,
      };
    },
    eraseMember: async (req, ctx) => ({ member: memberToProto(await eraseMember(deps, metaOf(ctx), req.memberId)) }),
    rotatePersonalDataKey: async () => {
      const r = await rotatePersonalDataKey(deps);
      return { activeKeyId: r.activeKeyId, rowsReencrypted: BigInt(r.rows) };
    },
  };
}
