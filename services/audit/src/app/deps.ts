import type { KeyObject } from 'node:crypto';
import type { Knex } from 'knex';
import type { Clock } from '@consorcio/shared/clock';
import type { Logger } from '@consorcio/shared/log';

/** The key checkpoints are signed with; its name is the checkpoints' origin, `consorcio/<installation>`. */
export interface SigningKey {
  name: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** What the use cases need from the outside world; service.ts builds it, tests build their own. */
export interface AuditDeps {
  db: Knex;
  clock: Clock;
  signing: SigningKey;
  log: Logger;
}

export const SCHEMA = 'audit';
