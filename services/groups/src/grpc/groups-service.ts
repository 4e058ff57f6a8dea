import { withPolicies, type CallContext, type UnaryHandlers } from '@consorcio/shared/grpc';
import { anyUser, listRecords, selfOrReader, selfOrStaff, staffOnly, staffOrService } from './access';
import { memberHandlers, memberPolicies } from './member-handlers';
import type { GroupsServiceServer } from '@consorcio/shared/gen/consorcio/groups/v1/groups_service';
import type {
  GroupStatus as DomainGroupStatus,
  QuotaStatus as DomainQuotaStatus,
  EnrollmentChannel as DomainChannel,
} from '../domain';
import type { CommandMeta, MemberDeps } from '../app/deps';
import {
  cancelGroupCommand,
  closeGroupCommand,
  constituteGroupCommand,
  createGroupCommand,
  dissolveGroupCommand,
  publishGroupCommand,
  recordClosingNoticesCommand,
  recordLastAssemblyCommand,
} from '../app/group-lifecycle-commands';
import type { GroupView } from '../app/group-view';
import { enrollQuota } from '../app/enroll-quota';
import { cancelEnrollment, requestWithdrawal, type LeftGroup } from '../app/leave-group';
import { getGroupQuery, getQuotaQuery, listGroupsQuery, listQuotasQuery } from '../app/queries';
import { transferQuota } from '../app/transfer-quota';
import { requireChannel } from '../app/seats';
import {
  EnrollmentChannel,
  GroupStatus,
  QuotaStatus,
  fromProtoEnum,
  groupToProto,
  paramsFromProto,
  quotaToProto,
} from './mappers';

const metaOf = (ctx: CallContext): CommandMeta => ({
  correlationId: ctx.correlationId,
  userId: ctx.principal?.userId ?? null,
});
const group = (v: GroupView) => ({ group: groupToProto(v.record, v.occupiedQuotas) });

/** The GroupsService gRPC API: map the request, call the use case, map the answer. No rules here. */
export function groupsServiceHandlers(deps: MemberDeps): UnaryHandlers<GroupsServiceServer> {
  const memberOfQuota = async (quotaId: string): Promise<string> =>
    (await getQuotaQuery(deps, quotaId)).quota.memberId ?? '';
  const maxQuotasOf = async (groupId: string): Promise<number> =>
    (await getGroupQuery(deps, groupId)).record.state.params.maxQuotas;
  const left = async (r: LeftGroup) => {
    const n = await maxQuotasOf(r.quota.groupId);
    return {
      quota: quotaToProto(r.quota, n),
      ...(r.nextVersion ? { nextVersion: quotaToProto(r.nextVersion, n) } : {}),
    };
  };
  return withPolicies<GroupsServiceServer>(
    {
      createGroup: staffOnly,
      publishGroup: staffOnly,
      constituteGroup: staffOrService,
      cancelGroup: staffOnly,
      recordLastAssembly: staffOrService,
      dissolveGroup: staffOnly,
      recordClosingNotices: staffOnly,
      closeGroup: staffOnly,
      getGroup: anyUser,
      listGroups: anyUser,
      ...memberPolicies,
      enrollQuota: (ctx, req) => selfOrStaff(ctx, req.memberId),
      cancelEnrollment: async (ctx, req) => selfOrStaff(ctx, await memberOfQuota(req.quotaId)),
      requestWithdrawal: async (ctx, req) => selfOrStaff(ctx, await memberOfQuota(req.quotaId)),
      transferQuota: staffOnly,
      getQuota: async (ctx, req) => selfOrReader(ctx, await memberOfQuota(req.quotaId)),
      listQuotas: (ctx, req) => listRecords(ctx, req.memberId),
    },
    {
      createGroup: async (req, ctx) =>
        group(await createGroupCommand(deps, metaOf(ctx), { code: req.code, params: paramsFromProto(req.parameters) })),
      publishGroup: async (req, ctx) => group(await publishGroupCommand(deps, metaOf(ctx), req.groupId)),
      constituteGroup: async (req, ctx) =>
        group(
          await constituteGroupCommand(deps, metaOf(ctx), {
            groupId: req.groupId,
            assemblyId: req.assemblyId,
            commonFund: req.commonFundCentavos,
            reserveFund: req.reserveFundCentavos,
          }),
        ),
      cancelGroup: async (req, ctx) => group(await cancelGroupCommand(deps, metaOf(ctx), req)),
      recordLastAssembly: async (req, ctx) => group(await recordLastAssemblyCommand(deps, metaOf(ctx), req)),
      dissolveGroup: async (req, ctx) => group(await dissolveGroupCommand(deps, metaOf(ctx), req)),
      recordClosingNotices: async (req, ctx) => group(await recordClosingNoticesCommand(deps, metaOf(ctx), req)),
      closeGroup: async (req, ctx) => group(await closeGroupCommand(deps, metaOf(ctx), req.groupId)),
      getGroup: async (req) => group(await getGroupQuery(deps, req.groupId)),
      listGroups: async (req) => {
        const status = fromProtoEnum<DomainGroupStatus>(GroupStatus, 'GROUP_STATUS_', req.status, 'status');
        const r = await listGroupsQuery(deps, { page: req.page, status });
        return {
          groups: r.groups.map((v) => groupToProto(v.record, v.occupiedQuotas)),
          page: { nextPageToken: r.nextPageToken },
        };
      },
      ...memberHandlers(deps, metaOf),
      enrollQuota: async (req, ctx) => {
        const quota = await enrollQuota(deps, metaOf(ctx), {
          groupId: req.groupId,
          memberId: req.memberId,
          number: req.number,
          insuranceOptIn: req.insuranceOptIn,
          channel: requireChannel(
            fromProtoEnum<DomainChannel>(EnrollmentChannel, 'ENROLLMENT_CHANNEL_', req.channel, 'channel'),
          ),
          ...keyOf(req.idempotencyKey, ctx),
        });
        return { quota: quotaToProto(quota, await maxQuotasOf(quota.groupId)) };
      },
      cancelEnrollment: async (req, ctx) => left(await cancelEnrollment(deps, metaOf(ctx), req.quotaId)),
      requestWithdrawal: async (req, ctx) => left(await requestWithdrawal(deps, metaOf(ctx), req.quotaId)),
      transferQuota: async (req, ctx) => {
        const r = await transferQuota(deps, metaOf(ctx), {
          quotaId: req.quotaId,
          toMemberId: req.toMemberId,
          ...keyOf(req.idempotencyKey, ctx),
        });
        return { quota: quotaToProto(r.quota, await maxQuotasOf(r.quota.groupId)), feeCentavos: r.fee };
      },
      getQuota: async (req) => {
        const r = await getQuotaQuery(deps, req.quotaId);
        return { quota: quotaToProto(r.quota, r.maxQuotas) };
      },
      listQuotas: async (req) => {
        const status = fromProtoEnum<DomainQuotaStatus>(QuotaStatus, 'QUOTA_STATUS_', req.status, 'status');
        const r = await listQuotasQuery(deps, { groupId: req.groupId, page: req.page, status, memberId: req.memberId });
        return { quotas: r.quotas.map((q) => quotaToProto(q, r.maxQuotas)), page: { nextPageToken: r.nextPageToken } };
      },
    },
  );
}

/** The idempotency key from the request field, or else from `idempotency-key` metadata. */
function keyOf(field: string, ctx: CallContext): { idempotencyKey?: string } {
  const key = field || ctx.idempotencyKey;
  return key ? { idempotencyKey: key } : {};
}
