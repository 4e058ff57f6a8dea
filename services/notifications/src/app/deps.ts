import type { Knex } from 'knex';
import type { Clock } from '@consorcio/shared/clock';
import type { Logger } from '@consorcio/shared/log';
import type { RetryPolicy } from '../domain/backoff';
import type { Channel } from '../domain/kinds';

export const SCHEMA = 'notifications';

/** The tunables, read when used: the channel switches and the reminder's lead come from the settings service. */
export interface NotificationSettings {
  /** The channels that get notification rows now: allowed, switched on and, for SMS and push, with a gateway. */
  channels: () => readonly Channel[];
  /** The delivery retry schedule. */
  retry: RetryPolicy;
  /** The due-soon reminder fires this many days before the effective due date, at 09:00 (São Paulo); 0: none. */
  dueSoonDays: () => number;
}

/** What the use cases need from the outside world; service.ts builds it, tests build their own. */
export interface NotificationsDeps {
  db: Knex;
  clock: Clock;
  log: Logger;
  settings: NotificationSettings;
}
