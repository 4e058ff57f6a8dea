import type { Knex } from 'knex';
import type { Clock } from '@consorcio/shared/clock';
import type { LockService } from '@consorcio/shared/locks';
import type { Logger } from '@consorcio/shared/log';

/** What the snapshot reads from payments (the owner of money): fund balances and a record's paid/remaining pcts. */
export interface PaymentsReader {
  fundBalances(groupId: string): Promise<{ commonFund: bigint; reserveFund: bigint }>;
  /** Paid and remaining percentages of a record (statement §4.7). */
  percentages(quotaId: string): Promise<{
    paid: { fc: bigint; af: bigint; fr: bigint };
    remaining: { fc: bigint; af: bigint; fr: bigint };
  }>;
}

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
