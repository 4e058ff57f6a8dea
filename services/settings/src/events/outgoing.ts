import { catalogueEntry as entry, outgoingEvents } from '@consorcio/shared/bus';
import { SettingChanged, SettingChangeStepped } from '@consorcio/shared/gen/consorcio/events/v1/settings_events';

/** Every event this service emits: routing key → protobuf message. The aggregate is the setting's key. */
export const SETTINGS_EVENTS = {
  'settings.setting.changed': entry('consorcio.events.v1.SettingChanged', SettingChanged),
  'settings.change.proposed': entry('consorcio.events.v1.SettingChangeStepped', SettingChangeStepped),
  'settings.change.rejected': entry('consorcio.events.v1.SettingChangeStepped', SettingChangeStepped),
} as const;

/** One outbox row for an event of this service, encoded from its typed message. */
export const outgoing = outgoingEvents(SETTINGS_EVENTS);
