import {
  Channel,
  NotificationKind,
  NotificationStatus,
  type DeliveryAttempt,
  type Notification,
  type Preferences,
  type WebhookEndpoint,
} from '@consorcio/shared/gen/consorcio/notifications/v1/notifications';
import { fromProtoEnum, toProtoEnum } from '@consorcio/shared/grpc';
import { MEMBER_CHANNELS, type MemberChannel, type NotificationKind as Kind } from '../domain/kinds';
import type { EndpointRecord } from '../db/endpoints-repo';
import type { AttemptRow, NotificationRow } from '../db/notifications-repo';
import type { MemberPreferences } from '../db/preferences-repo';

export const kindToProto = (k: Kind): NotificationKind =>
  toProtoEnum(NotificationKind, 'NOTIFICATION_KIND_', k.toUpperCase());

/** A requested kind, or undefined for UNSPECIFIED (the caller reports it). */
export const kindFromProto = (v: NotificationKind, field: string): Kind | undefined =>
  fromProtoEnum<string>(NotificationKind, 'NOTIFICATION_KIND_', v, field)?.toLowerCase() as Kind | undefined;

/** A requested member channel; WEBHOOK and UNSPECIFIED come back undefined (not a member's choice). */
export function memberChannelFromProto(v: Channel, field: string): MemberChannel | undefined {
  const c = fromProtoEnum<string>(Channel, 'CHANNEL_', v, field);
  return (MEMBER_CHANNELS as readonly string[]).includes(c ?? '') ? (c as MemberChannel) : undefined;
}

export function notificationToProto(r: NotificationRow): Notification {
  return {
    notificationId: r.id,
    kind: kindToProto(r.kind),
    channel: toProtoEnum(Channel, 'CHANNEL_', r.channel),
    status: toProtoEnum(NotificationStatus, 'NOTIFICATION_STATUS_', r.status),
    memberId: r.member_id ?? '',
    endpointId: r.endpoint_id ?? '',
    eventId: r.event_id,
    groupId: r.group_id ?? '',
    quotaId: r.quota_id ?? '',
    subject: r.subject,
    templateId: r.template_id,
    templateVersion: r.template_version,
    attempts: r.attempts,
    createdAt: r.created_at,
    sentAt: r.sent_at ?? undefined,
    lastError: r.last_error ?? '',
  };
}

export function preferencesToProto(p: MemberPreferences): Preferences {
  return {
    memberId: p.memberId,
    channels: MEMBER_CHANNELS.map((c) => ({ channel: toProtoEnum(Channel, 'CHANNEL_', c), enabled: p.channels[c] })),
    updatedAt: p.updatedAt,
  };
}

/** An endpoint without its secret. */
export function endpointToProto(e: EndpointRecord): WebhookEndpoint {
  return {
    endpointId: e.id,
    url: e.url,
    kinds: e.kinds.map(kindToProto),
    enabled: e.enabled,
    description: e.description,
    createdAt: e.createdAt,
  };
}

export function attemptToProto(a: AttemptRow): DeliveryAttempt {
  return {
    attempt: a.attempt,
    attemptedAt: a.attempted_at,
    outcome: a.outcome,
    httpStatus: a.http_status ?? 0,
    smtpResponse: a.smtp_response ?? '',
    error: a.error ?? '',
    durationMs: a.duration_ms,
  };
}
