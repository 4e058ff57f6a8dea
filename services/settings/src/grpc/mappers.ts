import {
  ChangeStatus,
  SettingType,
  type Setting,
  type SettingChange,
  type SettingValue,
} from '@consorcio/shared/gen/consorcio/settings/v1/settings';
import { fromProtoEnum, toProtoEnum } from '@consorcio/shared/grpc';
import { decodeSettingValue, isSettingKey, specOf, toProtoValue } from '@consorcio/shared/settings';
import type { SettingView } from '../app/setting-view';
import type { ChangeRecord } from '../db/settings-repo';
import type { ChangeStatus as DomainStatus } from '../domain/maker-checker';

export function settingToProto(v: SettingView): Setting {
  const spec = specOf(v.key);
  return {
    key: v.key,
    type: toProtoEnum(SettingType, 'SETTING_TYPE_', spec.type),
    description: spec.description,
    affectsMoney: spec.affectsMoney,
    value: toProtoValue(v.value),
    defaultValue: toProtoValue(spec.default),
    version: v.version,
    ...('min' in spec ? { min: spec.min, max: spec.max } : {}),
    ...(v.updatedAt ? { updatedAt: v.updatedAt } : {}),
    updatedBy: v.updatedBy,
  };
}

/** A stored JSON text as the proto value (a text today's catalogue refuses is shown as a string, as it is). */
function valueOf(key: string, text: string): SettingValue {
  if (!isSettingKey(key)) return { kind: { $case: 'stringValue', value: text } };
  try {
    return toProtoValue(decodeSettingValue(key, text));
  } catch {
    return { kind: { $case: 'stringValue', value: text } };
  }
}

export function changeToProto(c: ChangeRecord): SettingChange {
  return {
    changeId: c.id,
    key: c.key,
    status: toProtoEnum(ChangeStatus, 'CHANGE_STATUS_', c.status),
    baseVersion: c.baseVersion,
    version: c.version ?? 0n,
    oldValue: valueOf(c.key, c.oldValue),
    newValue: valueOf(c.key, c.newValue),
    proposedBy: c.proposedBy,
    proposedAt: c.proposedAt,
    confirmedBy: c.confirmedBy ?? '',
    ...(c.confirmedAt ? { confirmedAt: c.confirmedAt } : {}),
    rejectedBy: c.rejectedBy ?? '',
    ...(c.rejectedAt ? { rejectedAt: c.rejectedAt } : {}),
    reason: c.reason,
    rejectReason: c.rejectReason,
  };
}

/** The list filter's status: UNSPECIFIED means every status. */
export function statusFromProto(s: ChangeStatus): DomainStatus | undefined {
  return fromProtoEnum<DomainStatus>(ChangeStatus, 'CHANGE_STATUS_', s, 'status');
}
