/** What a notification is about: one kind per platform event it follows, plus the due-soon reminder. */
export const NOTIFICATION_KINDS = [
  'installment_billed',
  'installment_due_soon',
  'payment_confirmed',
  'installment_overdue',
  'quota_excluded',
  'assembly_result',
  'quota_contemplated',
  'credit_letter_issued',
  'credit_letter_released',
  'group_closed',
] as const;

export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Channels a member receives (each can be turned off); webhooks go to integrators, not members. */
export const MEMBER_CHANNELS = ['EMAIL', 'SMS', 'PUSH'] as const;
export type MemberChannel = (typeof MEMBER_CHANNELS)[number];
export type Channel = MemberChannel | 'WEBHOOK';
export const ALL_CHANNELS: readonly Channel[] = [...MEMBER_CHANNELS, 'WEBHOOK'];

export type NotificationStatus = 'PENDING' | 'SENT' | 'FAILED' | 'SKIPPED';

export function isNotificationKind(v: string): v is NotificationKind {
  return (NOTIFICATION_KINDS as readonly string[]).includes(v);
}

export function isChannel(v: string): v is Channel {
  return (ALL_CHANNELS as readonly string[]).includes(v);
}

export function isMemberChannel(v: string): v is MemberChannel {
  return (MEMBER_CHANNELS as readonly string[]).includes(v);
}
