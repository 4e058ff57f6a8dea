import {
  AdjustmentIndex,
  AssetCategory,
  EnrollmentChannel,
  ExclusionReason,
  GroupStatus,
  MemberKind,
  QuotaStatus,
  type Group,
  type GroupParameters,
  type Quota,
} from '@consorcio/shared/gen/consorcio/groups/v1/groups';
import type { QuotaRef } from '@consorcio/shared/gen/consorcio/events/v1/refs';
import { quotaLabel } from '@consorcio/shared/rules';
import { type GroupParams, type GroupParamsInput } from '../domain';
import type { GroupRecord } from '../db/groups-repo';
import type { StoredQuota } from '../db/quotas-repo';
import { fromProtoEnum, toProtoEnum } from '@consorcio/shared/grpc';

/** Request parameters → domain input; absent optional fields stay undefined so defaults apply. */
export function paramsFromProto(p: GroupParameters | undefined): GroupParamsInput {
  if (!p) return {};
  const { creditValueCentavos, assetCategory, adjustmentIndex, ...rest } = p;
  return {
    ...rest,
    creditValue: creditValueCentavos,
    assetCategory: fromProtoEnum(AssetCategory, 'ASSET_CATEGORY_', assetCategory, 'parameters.asset_category'),
    adjustmentIndex: fromProtoEnum(
      AdjustmentIndex,
      'ADJUSTMENT_INDEX_',
      adjustmentIndex,
      'parameters.adjustment_index',
    ),
  };
}

/** Resolved domain parameters → the proto message, every field present. */
export function paramsToProto(p: GroupParams): GroupParameters {
  const { creditValue, assetCategory, adjustmentIndex, fixedBidPct, ...rest } = p;
  return {
    ...rest,
    creditValueCentavos: creditValue,
    assetCategory: toProtoEnum(AssetCategory, 'ASSET_CATEGORY_', assetCategory),
    adjustmentIndex: toProtoEnum(AdjustmentIndex, 'ADJUSTMENT_INDEX_', adjustmentIndex),
    ...(fixedBidPct !== null ? { fixedBidPct } : {}),
  };
}

export function groupToProto(g: GroupRecord, occupiedQuotas: number): Group {
  const s = g.state;
  return {
    groupId: g.id,
    code: g.code,
    status: toProtoEnum(GroupStatus, 'GROUP_STATUS_', s.status),
    parameters: paramsToProto(s.params),
    currentCreditValueCentavos: s.creditValueNow,
    assembliesHeld: s.assembliesHeld,
    occupiedQuotas,
    publishedOn: s.publishedOn ?? '',
    formationDeadline: s.formationDeadline ?? '',
    constitutedOn: s.constitutedOn ?? '',
    lastAssemblyOn: s.lastAssemblyOn ?? '',
    closingNoticesSentOn: s.closingNoticesSentOn ?? '',
    closedOn: s.closedOn ?? '',
    dissolved: s.dissolved,
    createdAt: g.createdAt,
    updatedAt: g.updatedAt,
  };
}

export function quotaToProto(q: StoredQuota, maxQuotas: number): Quota {
  return {
    quotaId: q.id,
    groupId: q.groupId,
    number: q.number,
    version: q.version,
    display: quotaLabel(q.number, q.version, maxQuotas),
    status: toProtoEnum(QuotaStatus, 'QUOTA_STATUS_', q.status),
    memberId: q.memberId ?? '',
    enrolledAtPeriod: q.enrolledAtPeriod ?? 0,
    insuranceOptIn: q.insuranceOptIn,
    channel: toProtoEnum(EnrollmentChannel, 'ENROLLMENT_CHANNEL_', q.channel),
    enrolledOn: q.enrolledOn ?? '',
    exclusionReason: toProtoEnum(ExclusionReason, 'EXCLUSION_REASON_', q.exclusionReason),
    excludedOn: q.excludedOn ?? '',
    createdAt: q.createdAt,
    updatedAt: q.updatedAt,
  };
}

export function quotaRef(q: Pick<StoredQuota, 'id' | 'groupId' | 'number' | 'version'>): QuotaRef {
  return { groupId: q.groupId, quotaId: q.id, number: q.number, version: q.version };
}

export { fromProtoEnum, toProtoEnum };
export { EnrollmentChannel, ExclusionReason, GroupStatus, MemberKind, QuotaStatus };
