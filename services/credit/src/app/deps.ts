import type { Knex } from 'knex';
import type { Clock } from '@consorcio/shared/clock';
import type { PersonalDataKeys } from '@consorcio/shared/crypto';
import type { PaymentsReader } from '@consorcio/shared/clients';
import type { Logger } from '@consorcio/shared/log';
import type { ObjectStore } from '@consorcio/shared/storage';

/** What the use cases need from the outside world; service.ts builds it, tests build their own. */
export interface CreditDeps {
  db: Knex;
  clock: Clock;
  /** A record's position (outstanding and overdue) for a cash-out, from payments. */
  payments: PaymentsReader;
  /** The documents of usage requests, by checksum. */
  documents: ObjectStore;
  /** The keys that encrypt personal data at rest (a usage request's seller; docs/personal-data.md). */
  pii: PersonalDataKeys;
  log: Logger;
}

/** Who asked and under which correlation id; carried into every event the command emits. */
export interface CommandMeta {
  correlationId: string;
  userId: string | null;
}

export const SCHEMA = 'credit';
