import { randomInt } from 'node:crypto';
import type { Knex } from 'knex';
import { appendToOutbox } from '@consorcio/shared/bus';
import { newId } from '@consorcio/shared/ids';
import type { JournalEntry } from '../domain';
import { outgoing } from '../events/outgoing';
import { SCHEMA } from '../app/deps';

/** One balanced entry to post, with what it is about and why. */
export interface Posting {
  entry: JournalEntry;
  /** The group whose book it is (for the administrator's book: the group it concerns). */
  groupId: string;
  /** The event or command that caused it (an event id, `RecordPayment:<payment id>`, …). */
  cause: string;
  businessDate: string;
  /** The entry this one reverses (a correction). */
  reverses?: string;
}

/** Rows each account's cached balance is spread over (see the account_balances migration). */
const BALANCE_SLOTS = 16;

/** Rows per insert statement, far under Postgres' parameter limit. */
const BATCH = 1000;

/**
 * Posts entries to the journal in the caller's transaction: the entries and their lines (the database checks
 * again that each balances, at commit), the cached balances of every account they touch, and one
 * `payments.journal.posted` event per entry for the audit log. A set-based insert, so a billing run posts
 * thousands of entries in a few statements. Resolves the entries' ids, in order.
 */
export async function postJournal(
  trx: Knex.Transaction,
  postings: readonly Posting[],
  correlationId: string,
): Promise<string[]> {
  if (postings.length === 0) return [];
  const ids = postings.map(() => newId());
  const dbIds = new Map<string, bigint>();
  for (let i = 0; i < postings.length; i += BATCH) {
    const rows = postings.slice(i, i + BATCH).map((p, j) => ({
      entry_id: ids[i + j],
      book: p.entry.book,
      group_id: p.groupId,
      kind: p.entry.kind,
      cause: p.cause,
      business_date: p.businessDate,
      reverses_entry_id: p.reverses ?? null,
    }));
    const out = await trx('payments.journal_entries')
      .insert(rows)
      .returning<{ id: bigint; entry_id: string }[]>(['id', 'entry_id']);
    for (const r of out) dbIds.set(r.entry_id, r.id);
  }
  const lines = postings.flatMap((p, i) =>
    p.entry.lines.map((l) => ({
      entry_id: dbIds.get(ids[i] as string),
      account: l.account,
      subledger: l.subledger ?? null,
      debit: l.debit,
      credit: l.credit,
    })),
  );
  for (let i = 0; i < lines.length; i += BATCH) {
    await trx('payments.journal_lines').insert(lines.slice(i, i + BATCH));
  }
  await addToBalances(trx, postings);
  await appendToOutbox(
    trx,
    SCHEMA,
    postings.map((p, i) =>
      outgoing(
        'payments.journal.posted',
        ids[i] as string,
        {
          book: p.entry.book,
          entryId: ids[i] as string,
          groupId: p.groupId,
          kind: p.entry.kind,
          lines: p.entry.lines.map((l) => ({
            account: l.account,
            subledger: l.subledger ?? '',
            debitCentavos: l.debit,
            creditCentavos: l.credit,
          })),
          cause: p.cause,
          businessDate: p.businessDate,
          reversesEntryId: p.reverses ?? '',
        },
        correlationId,
      ),
    ),
  );
  return ids;
}

/**
 * Adds the postings' lines to the cached balances in one statement, rows taken in key order so concurrent
 * postings to the same accounts cannot deadlock. Run last in a transaction: these rows are the hottest.
 */
async function addToBalances(trx: Knex.Transaction, postings: readonly Posting[]): Promise<void> {
  const sums = new Map<string, { debit: bigint; credit: bigint }>();
  for (const p of postings) {
    for (const l of p.entry.lines) {
      const key = `${p.entry.book}\u0000${p.groupId}\u0000${l.account}`;
      const s = sums.get(key) ?? { debit: 0n, credit: 0n };
      s.debit += l.debit;
      s.credit += l.credit;
      sums.set(key, s);
    }
  }
  const keys = [...sums.keys()].sort();
  const parts = keys.map((k) => k.split('\u0000') as [string, string, string]);
  // One slot for the whole posting: concurrent postings mostly land on different rows of the same accounts.
  const slot = randomInt(BALANCE_SLOTS);
  await trx.raw(
    `insert into payments.account_balances as b (book, group_key, account, slot, debit, credit)
     select t.book, t.group_key, t.account, ?, t.debit, t.credit
       from unnest(?::text[], ?::text[], ?::text[], ?::bigint[], ?::bigint[]) as t(book, group_key, account, debit, credit)
      order by 1, 2, 3
     on conflict (book, group_key, account, slot)
     do update set debit = b.debit + excluded.debit, credit = b.credit + excluded.credit`,
    [
      slot,
      parts.map((p) => p[0]),
      parts.map((p) => p[1]),
      parts.map((p) => p[2]),
      keys.map((k) => (sums.get(k) as { debit: bigint }).debit.toString()),
      keys.map((k) => (sums.get(k) as { credit: bigint }).credit.toString()),
    ],
  );
}

/** Balance of an account in its normal-side sign is the caller's business; here, debit and credit totals. */
export interface AccountTotals {
  book: string;
  groupKey: string;
  account: string;
  debit: bigint;
  credit: bigint;
}

/** The cached balances of a group's accounts (both books). */
export async function cachedBalances(db: Knex, groupId: string): Promise<AccountTotals[]> {
  const rows = await db('payments.account_balances')
    .where({ group_key: groupId })
    .groupBy('book', 'group_key', 'account')
    .select<{ book: string; group_key: string; account: string; debit: bigint; credit: bigint }[]>(
      'book',
      'group_key',
      'account',
      db.raw('sum(debit)::bigint as debit'),
      db.raw('sum(credit)::bigint as credit'),
    );
  return rows.map((r) => ({
    book: r.book,
    groupKey: r.group_key,
    account: r.account,
    debit: r.debit,
    credit: r.credit,
  }));
}

/**
 * Every account whose cached totals differ from the journal's, for one group or all: the reconcile job's report.
 * Resolves how many accounts were compared and the differences.
 */
export async function balanceDifferences(
  db: Knex,
  groupId: string | null,
): Promise<{ checked: number; differences: (AccountTotals & { journalDebit: bigint; journalCredit: bigint })[] }> {
  const res = await db.raw<{
    rows: {
      book: string;
      group_key: string;
      account: string;
      cached_debit: bigint | null;
      cached_credit: bigint | null;
      journal_debit: bigint | null;
      journal_credit: bigint | null;
    }[];
  }>(
    `with journal as (
       select e.book, coalesce(e.group_id::text, '') as group_key, l.account,
              sum(l.debit)::bigint as debit, sum(l.credit)::bigint as credit
         from payments.journal_lines l join payments.journal_entries e on e.id = l.entry_id
        where (?::uuid is null or e.group_id = ?::uuid)
        group by 1, 2, 3),
     cached as (
       select book, group_key, account, sum(debit)::bigint as debit, sum(credit)::bigint as credit
         from payments.account_balances
        where (?::text is null or group_key = ?::text)
        group by 1, 2, 3)
     select coalesce(j.book, c.book) as book, coalesce(j.group_key, c.group_key) as group_key,
            coalesce(j.account, c.account) as account,
            c.debit as cached_debit, c.credit as cached_credit, j.debit as journal_debit, j.credit as journal_credit
       from journal j full outer join cached c
         on c.book = j.book and c.group_key = j.group_key and c.account = j.account
      order by 1, 2, 3`,
    [groupId, groupId, groupId, groupId],
  );
  const differences = res.rows
    .filter(
      (r) => (r.cached_debit ?? 0n) !== (r.journal_debit ?? 0n) || (r.cached_credit ?? 0n) !== (r.journal_credit ?? 0n),
    )
    .map((r) => ({
      book: r.book,
      groupKey: r.group_key,
      account: r.account,
      debit: r.cached_debit ?? 0n,
      credit: r.cached_credit ?? 0n,
      journalDebit: r.journal_debit ?? 0n,
      journalCredit: r.journal_credit ?? 0n,
    }));
  return { checked: res.rows.length, differences };
}

/** The balances (credit − debit) of a group-book account per sub-ledger key, from the journal. */
export async function subledgerBalances(
  db: Knex | Knex.Transaction,
  groupId: string,
  account: string,
): Promise<Map<string, bigint>> {
  const rows = await db('payments.journal_lines as l')
    .join('payments.journal_entries as e', 'e.id', 'l.entry_id')
    .where({ 'e.group_id': groupId, 'e.book': 'GROUP', 'l.account': account })
    .whereNotNull('l.subledger')
    .groupBy('l.subledger')
    .select<{ subledger: string; balance: string | bigint }[]>(
      'l.subledger',
      db.raw('sum(l.credit - l.debit) as balance'),
    );
  return new Map(rows.map((r) => [r.subledger, BigInt(r.balance)]));
}

/** The balance of a group-book account in its credit sign (credit − debit), from the cached balances. */
export async function creditBalance(db: Knex | Knex.Transaction, groupId: string, account: string): Promise<bigint> {
  return accountBalance(db, { book: 'GROUP', groupKey: groupId, account });
}

/** An account's cached balance in its credit sign (credit − debit), its slots added up. */
export async function accountBalance(
  db: Knex | Knex.Transaction,
  key: { book: string; groupKey: string; account: string },
): Promise<bigint> {
  const [row] = await db('payments.account_balances')
    .where({ book: key.book, group_key: key.groupKey, account: key.account })
    .select<{ balance: string | bigint | null }[]>(db.raw('sum(credit - debit) as balance'));
  return BigInt(row?.balance ?? 0);
}
