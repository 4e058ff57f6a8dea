import type { Knex } from 'knex';
import type { Clock } from '@consorcio/shared/clock';
import type { Settings } from '@consorcio/shared/settings';
import type { PersonalDataKeys } from '@consorcio/shared/crypto';

/** What the use cases need from the outside world; main.ts builds it, tests build their own. */
export interface GroupsDeps {
  db: Knex;
  clock: Clock;
  /** The platform's settings (plan defaults of new groups); absent: the built-in defaults. */
  settings?: Settings;
}

/** The member use cases also need the keys that protect personal data (docs/personal-data.md). */
export interface MemberDeps extends GroupsDeps {
  pii: PersonalDataKeys;
}

/** Who asked and under which correlation id; carried into every event the command emits. */
export interface CommandMeta {
  correlationId: string;
  userId: string | null;
}

export const SCHEMA = 'groups';
