import type { Knex } from 'knex';
import type { Clock } from '@consorcio/shared/clock';
import type { LockService } from '@consorcio/shared/locks';
import type { Logger } from '@consorcio/shared/log';
import type { PaymentProvider } from '../provider/payment-provider';

/** What the use cases need from the outside world; service.ts builds it, tests build their own. */
export interface PaymentsDeps {
  db: Knex;
  clock: Clock;
  /** Redlock + fencing: serializes the payments of a quota (`lock:quota-payments:{quotaId}`). */
  locks: LockService;
  /** The payment provider charges are issued with and whose webhooks are accepted. */
  provider: PaymentProvider;
  log: Logger;
}

/** Who asked and under which correlation id; carried into every event the command emits. */
export interface CommandMeta {
  correlationId: string;
  userId: string | null;
}

export const SCHEMA = 'payments';
