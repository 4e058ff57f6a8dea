import assert from 'node:assert/strict';
import type { Knex } from 'knex';
import { createDb, migrateDownAll, migrateUp } from '@consorcio/shared/db';
import { newId } from '@consorcio/shared/ids';
import { infraUrls } from '@consorcio/shared/testing';

/** Inserts an entry and its lines with plain SQL, as a buggy writer or a hand-run script would. */
async function insertEntry(
  trx: Knex.Transaction,
  lines: { account: string; debit: number; credit: number }[],
): Promise<bigint> {
  const [row] = await trx('payments.journal_entries')
    .insert({
      entry_id: newId(),
      book: 'GROUP',
      group_id: newId(),
      kind: 'E3',
      cause: 'test',
      business_date: '2025-03-10',
    })
    .returning('id');
  const id = (row as { id: bigint }).id;
  for (const l of lines) await trx('payments.journal_lines').insert({ entry_id: id, ...l });
  return id;
}

const count = async (db: Knex, table: string): Promise<number> =>
  Number((await db(`payments.${table}`).count<{ count: bigint }[]>('* as count'))[0]!.count);

describe('the payments ledger in PostgreSQL', () => {
  let db: Knex;
  before(async () => {
    db = createDb({ url: infraUrls('test').databaseUrl, applicationName: 'ledger-test' });
    await db.raw('drop schema if exists payments cascade');
    await migrateUp(db, 'payments');
  });
  after(() => db.destroy());

  it('commits a balanced entry', async () => {
    await db.transaction((trx) =>
      insertEntry(trx, [
        { account: 'BANK', debit: 103_071, credit: 0 },
        { account: 'INSTALLMENTS_RECEIVABLE', debit: 0, credit: 103_071 },
      ]),
    );
    assert.equal(await count(db, 'journal_lines'), 2);
  });

  it('rejects an unbalanced entry inserted directly in SQL, and writes nothing', async () => {
    const before = [await count(db, 'journal_entries'), await count(db, 'journal_lines')];
    await assert.rejects(
      db.transaction((trx) =>
        insertEntry(trx, [
          { account: 'BANK', debit: 100, credit: 0 },
          { account: 'COMMON_FUND', debit: 0, credit: 90 },
        ]),
      ),
      /unbalanced: debits 100, credits 90/,
    );
    assert.deepEqual([await count(db, 'journal_entries'), await count(db, 'journal_lines')], before);
  });

  it('rejects an entry without lines and a line with both or neither side', async () => {
    await assert.rejects(
      db.transaction((trx) => insertEntry(trx, [])),
      /unbalanced/,
    );
    await assert.rejects(
      db.transaction((trx) => insertEntry(trx, [{ account: 'BANK', debit: 5, credit: 5 }])),
      /journal_lines_amounts_check/,
    );
    await assert.rejects(
      db.transaction((trx) => insertEntry(trx, [{ account: 'BANK', debit: -5, credit: 0 }])),
      /journal_lines_amounts_check/,
    );
  });

  it('refuses to update or delete the journal: corrections are reversing entries', async () => {
    await assert.rejects(db('payments.journal_lines').update({ debit: 1 }), /insert-only/);
    await assert.rejects(db('payments.journal_entries').delete(), /insert-only/);
    await assert.rejects(db.raw('truncate payments.journal_lines, payments.journal_entries'), /insert-only/);
  });

  it('migrates down and up again', async () => {
    const undone = await migrateDownAll(db, 'payments');
    assert.ok(undone.length >= 2);
    assert.deepEqual(await migrateUp(db, 'payments'), undone.slice().reverse());
  });
});
