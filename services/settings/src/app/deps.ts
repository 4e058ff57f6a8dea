import type { Knex } from 'knex';
import type { Clock } from '@consorcio/shared/clock';

/** What the use cases need from the outside world; service.ts builds it, tests build their own. */
export interface SettingsDeps {
  db: Knex;
  clock: Clock;
}

/** Who asked and under which correlation id; the user id is recorded in the history and the events. */
export interface CommandMeta {
  correlationId: string;
  userId: string | null;
}

export const SCHEMA = 'settings';
