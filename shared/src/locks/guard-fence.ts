import type { Knex } from 'knex';
import { ConflictError, NotFoundError } from '../errors';

/** Which row a fenced write touches, and the token its writer holds. */
export interface GuardFenceOptions {
  /** Table name, optionally schema-qualified (`groups.quota`); quoted as an identifier. */
  table: string;
  /** The key column of `table`. */
  idColumn: string;
  /** The key of the row being written. */
  id: string | number | bigint;
  /** The fencing token the writer got from `withLock` / `takeFence`. */
  fence: bigint;
  /** The lock resource, only to name it in the error; defaults to `<table> <id>`. */
  resource?: string;
}

/**
 * Stamps `fence` on a row inside the caller's transaction, refusing a token older than the one already
 * there: `UPDATE <table> SET fence = :fence WHERE <idColumn> = :id AND fence <= :fence`.
 *
 * Zero rows means a newer holder already wrote (our lock was lost while we worked), so it throws a
 * ConflictError and the caller's transaction rolls back. The comparison is `<=`, not `<`, because one
 * holder may run several transactions with the same token. The row must have a `fence bigint NOT NULL
 * DEFAULT 0` column; a missing row is reported as NotFoundError, since retrying could never help.
 */
export async function guardFence(trx: Knex | Knex.Transaction, opts: GuardFenceOptions): Promise<void> {
  const fence = opts.fence.toString();
  const id = typeof opts.id === 'bigint' ? opts.id.toString() : opts.id;
  const updated = await trx.raw<{ rowCount: number | null }>('UPDATE ?? SET fence = ? WHERE ?? = ? AND fence <= ?', [
    opts.table,
    fence,
    opts.idColumn,
    id,
    fence,
  ]);
  if ((updated.rowCount ?? 0) > 0) return;

  // Only on the unhappy path: tell "someone fenced us out" from "there is no such row".
  const exists = await trx.raw<{ rowCount: number | null }>('SELECT 1 FROM ?? WHERE ?? = ?', [
    opts.table,
    opts.idColumn,
    id,
  ]);
  if ((exists.rowCount ?? 0) === 0) throw new NotFoundError(opts.table, String(id));
  const resource = opts.resource ?? `${opts.table} ${String(id)}`;
  throw new ConflictError(`lock ${resource} was lost: fencing token ${fence} is older than the row's`);
}
