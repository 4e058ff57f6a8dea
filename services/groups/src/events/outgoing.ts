import { catalogueEntry as entry, outgoingEvents } from '@consorcio/shared/bus';
import {
  GroupCancelled,
  GroupClosed,
  GroupClosingNoticesRecorded,
  GroupConstituted,
  GroupCreated,
  GroupDissolved,
  GroupLastAssemblyHeld,
  GroupPublished,
  MemberErased,
  MemberPersonalDataRead,
  QuotaActivated,
  QuotaDelinquencyRecorded,
  QuotaEnrolled,
  QuotaExcluded,
  QuotaReinstatedActive,
  QuotaSettled,
  QuotaTransferred,
  QuotaWithdrawn,
} from '@consorcio/shared/gen/consorcio/events/v1/groups_events';

/** Every event this service emits: routing key → protobuf message (domain catalogue, groups rows). */
export const GROUPS_EVENTS = {
  'groups.group.created': entry('consorcio.events.v1.GroupCreated', GroupCreated),
  'groups.group.published': entry('consorcio.events.v1.GroupPublished', GroupPublished),
  'groups.group.constituted': entry('consorcio.events.v1.GroupConstituted', GroupConstituted),
  'groups.group.cancelled': entry('consorcio.events.v1.GroupCancelled', GroupCancelled),
  'groups.group.last_assembly_held': entry('consorcio.events.v1.GroupLastAssemblyHeld', GroupLastAssemblyHeld),
  'groups.group.dissolved': entry('consorcio.events.v1.GroupDissolved', GroupDissolved),
  'groups.group.closing_notices_recorded': entry(
    'consorcio.events.v1.GroupClosingNoticesRecorded',
    GroupClosingNoticesRecorded,
  ),
  'groups.group.closed': entry('consorcio.events.v1.GroupClosed', GroupClosed),
  'groups.quota.enrolled': entry('consorcio.events.v1.QuotaEnrolled', QuotaEnrolled),
  'groups.quota.activated': entry('consorcio.events.v1.QuotaActivated', QuotaActivated),
  'groups.quota.reinstated_active': entry('consorcio.events.v1.QuotaReinstatedActive', QuotaReinstatedActive),
  'groups.quota.delinquency_recorded': entry('consorcio.events.v1.QuotaDelinquencyRecorded', QuotaDelinquencyRecorded),
  'groups.quota.withdrawn': entry('consorcio.events.v1.QuotaWithdrawn', QuotaWithdrawn),
  'groups.quota.transferred': entry('consorcio.events.v1.QuotaTransferred', QuotaTransferred),
  'groups.quota.excluded': entry('consorcio.events.v1.QuotaExcluded', QuotaExcluded),
  'groups.quota.settled': entry('consorcio.events.v1.QuotaSettled', QuotaSettled),
  'groups.member.personal_data_read': entry('consorcio.events.v1.MemberPersonalDataRead', MemberPersonalDataRead),
  'groups.member.erased': entry('consorcio.events.v1.MemberErased', MemberErased),
} as const;

/** One outbox row for an event of this service, encoded from its typed message. */
export const outgoing = outgoingEvents(GROUPS_EVENTS);
