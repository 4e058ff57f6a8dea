import type { Knex } from 'knex';
import type { Clock } from '@consorcio/shared/clock';
import type { Logger } from '@consorcio/shared/log';
import type { ObjectStore } from '@consorcio/shared/storage';
import type { RetentionPolicy } from '../domain/retention';

/**
 * Limits an upload is checked against. A function, so the value can come from a live source (the configuration
 * service) rather than only from the environment at start.
 */
export interface DocumentLimits {
  maxUploadBytes: () => number | Promise<number>;
}

/** What the use cases need from the outside world; service.ts builds it, tests build their own. */
export interface DocumentsDeps {
  db: Knex;
  clock: Clock;
  store: ObjectStore;
  log: Logger;
  limits: DocumentLimits;
  retention: RetentionPolicy;
}

/** Who asked and under which correlation id; carried into every event the command emits. */
export interface CommandMeta {
  correlationId: string;
  userId: string;
}

export const SCHEMA = 'documents';

/** Who stores the documents the platform generates. */
export const GENERATOR = 'service:documents';
