import type { Knex } from 'knex';
import type { Clock } from '@consorcio/shared/clock';

/** What the use cases need from the outside world; main.ts builds it, tests build their own. */
export interface GroupsDeps {
  db: Knex;
  clock: Clock;
}

/** Who asked and under which correlation id; carried into every event the command emits. */
export interface CommandMeta {
  correlationId: string;
  userId: string | null;
}

export const SCHEMA = 'groups';
