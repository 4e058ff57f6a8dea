import type { Knex } from 'knex';
import type { Clock } from '@consorcio/shared/clock';
import type { LockService } from '@consorcio/shared/locks';
import type { Logger } from '@consorcio/shared/log';
import type { PaymentsReader } from '@consorcio/shared/clients';

export type { PaymentsReader };

/** What the use cases need from the outside world; service.ts builds it, tests build their own. */
export interface DrawsDeps {
  db: Knex;
  clock: Clock;
  /** Redlock + fencing: serializes a group's assembly runs (`lock:assembly:{groupId}`). */
  locks: LockService;
  payments: PaymentsReader;
  log: Logger;
}

/** Who asked and under which correlation id; carried into every event the command emits. */
export interface CommandMeta {
  correlationId: string;
  userId: string | null;
}

export const SCHEMA = 'draws';
