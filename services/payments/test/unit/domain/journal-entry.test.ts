import assert from 'node:assert/strict';
import { RuleViolation, ValidationError } from '@consorcio/shared/errors';
import {
  JOURNAL_KINDS,
  JOURNAL_KIND_BOOKS,
  type JournalEntry,
  type JournalKind,
  type LedgerBook,
  balances,
  entryTotal,
  journalEntry,
  reverse,
  subledgerBalances,
} from '../../../src/domain/ledger-index';

/** Asserts that `fn` throws a ValidationError naming every field of `fields`. */
function assertInvalid(fn: () => unknown, ...fields: string[]): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ValidationError, `expected a ValidationError, got ${String(err)}`);
    for (const f of fields)
      assert.ok(
        err.violations.some((v) => v.field === f),
        `violations ${JSON.stringify(err.violations)} should name ${f}`,
      );
    return true;
  });
}

const paid = (): JournalEntry =>
  journalEntry({
    book: 'GROUP',
    kind: 'E3',
    lines: [
      { account: 'BANK', debit: 103_071n },
      { account: 'INSTALLMENTS_RECEIVABLE', credit: 103_071n, subledger: 'i-1' },
    ],
  });

describe('journalEntry', () => {
  it('builds a balanced entry, filling the missing side of each line with 0', () =>
    assert.deepEqual(paid(), {
      book: 'GROUP',
      kind: 'E3',
      reversal: false,
      lines: [
        { account: 'BANK', debit: 103_071n, credit: 0n },
        { account: 'INSTALLMENTS_RECEIVABLE', debit: 0n, credit: 103_071n, subledger: 'i-1' },
      ],
    }));
  it('freezes the entry and its lines', () => {
    const e = paid();
    assert.ok(Object.isFrozen(e) && Object.isFrozen(e.lines) && e.lines.every((l) => Object.isFrozen(l)));
  });
  it('totals an entry by its debits', () => assert.equal(entryTotal(paid()), 103_071n));
  it('refuses an unbalanced entry with RuleViolation unbalanced_entry naming both sums', () =>
    assert.throws(
      () =>
        journalEntry({
          book: 'GROUP',
          kind: 'E3',
          lines: [
            { account: 'BANK', debit: 100n },
            { account: 'COMMON_FUND', credit: 90n },
          ],
        }),
      (err: unknown) =>
        err instanceof RuleViolation &&
        err.rule === 'unbalanced_entry' &&
        err.message.includes('100') &&
        err.message.includes('90'),
    ));
  it('refuses an empty entry', () =>
    assertInvalid(() => journalEntry({ book: 'GROUP', kind: 'E2', lines: [] }), 'lines'));
  it('refuses a negative amount even when the entry balances', () =>
    assertInvalid(
      () =>
        journalEntry({
          book: 'GROUP',
          kind: 'E8',
          lines: [
            { account: 'RESERVE_FUND', debit: -5n },
            { account: 'COMMON_FUND', credit: -5n },
          ],
        }),
      'lines[0].debit',
      'lines[1].credit',
    ));
  it('refuses a line with both sides', () =>
    assertInvalid(
      () =>
        journalEntry({
          book: 'GROUP',
          kind: 'E8',
          lines: [
            { account: 'RESERVE_FUND', debit: 5n, credit: 5n },
            { account: 'COMMON_FUND', debit: 1n },
            { account: 'BANK', credit: 1n },
          ],
        }),
      'lines[0]',
    ));
  it('refuses a line with neither side', () =>
    assertInvalid(
      () =>
        journalEntry({
          book: 'GROUP',
          kind: 'E8',
          lines: [
            { account: 'RESERVE_FUND', debit: 5n },
            { account: 'COMMON_FUND', credit: 5n },
            { account: 'BANK', debit: 0n, credit: 0n },
          ],
        }),
      'lines[2]',
    ));
  it('refuses an account of the other book and an account of no book', () => {
    assertInvalid(
      () =>
        journalEntry({
          book: 'GROUP',
          kind: 'E3',
          lines: [
            { account: 'BANK_ADMIN', debit: 5n },
            { account: 'COMMON_FUND', credit: 5n },
          ],
        }),
      'lines[0].account',
    );
    assertInvalid(
      () =>
        journalEntry({
          book: 'ADMINISTRATOR',
          kind: 'E3',
          lines: [
            { account: 'RECEIVABLE_FROM_GROUPS', debit: 5n },
            { account: 'CASH', credit: 5n },
          ],
        }),
      'lines[1].account',
    );
  });
  it('reports every broken line at once', () =>
    assertInvalid(
      () =>
        journalEntry({
          book: 'GROUP',
          kind: 'E3',
          lines: [
            { account: 'NOPE', debit: 5n },
            { account: 'COMMON_FUND', debit: 1n, credit: 1n },
            { account: 'BANK', credit: -3n },
          ],
        }),
      'lines[0].account',
      'lines[1]',
      'lines[2].credit',
    ));
  it('refuses amounts that are not bigint', () =>
    assertInvalid(
      () =>
        journalEntry({
          book: 'GROUP',
          kind: 'E8',
          lines: [
            { account: 'RESERVE_FUND', debit: 5 as unknown as bigint },
            { account: 'COMMON_FUND', credit: 5n },
          ],
        }),
      'lines[0]',
    ));
  it('refuses a sub-ledger key on an account without a sub-ledger, and an empty key', () => {
    assertInvalid(
      () =>
        journalEntry({
          book: 'GROUP',
          kind: 'E8',
          lines: [
            { account: 'RESERVE_FUND', debit: 5n, subledger: 'x' },
            { account: 'COMMON_FUND', credit: 5n },
          ],
        }),
      'lines[0].subledger',
    );
    assertInvalid(
      () =>
        journalEntry({
          book: 'GROUP',
          kind: 'E9',
          lines: [
            { account: 'CREDITS_PAYABLE', debit: 5n, subledger: '' },
            { account: 'BANK', credit: 5n },
          ],
        }),
      'lines[0].subledger',
    );
  });
  it('refuses an unknown book or kind', () => {
    const lines = [
      { account: 'BANK', debit: 1n },
      { account: 'COMMON_FUND', credit: 1n },
    ];
    assertInvalid(() => journalEntry({ book: 'MEMBER' as LedgerBook, kind: 'E3', lines }), 'book');
    assertInvalid(() => journalEntry({ book: 'GROUP', kind: 'E20' as JournalKind, lines }), 'kind');
  });
  it('refuses a kind that §13.3 does not post to that book (E17 on a group book, E2 on the administrator’s)', () => {
    assertInvalid(
      () =>
        journalEntry({
          book: 'GROUP',
          kind: 'E17',
          lines: [
            { account: 'BANK', debit: 1n },
            { account: 'COMMON_FUND', credit: 1n },
          ],
        }),
      'kind',
    );
    assertInvalid(
      () =>
        journalEntry({
          book: 'ADMINISTRATOR',
          kind: 'E2',
          lines: [
            { account: 'BANK_ADMIN', debit: 1n },
            { account: 'ADMIN_FEE_REVENUE', credit: 1n },
          ],
        }),
      'kind',
    );
  });
  it('knows a book for every kind, E1 and E17 only on the administrator’s', () => {
    assert.equal(JOURNAL_KINDS.length, 19);
    for (const k of JOURNAL_KINDS) assert.ok(JOURNAL_KIND_BOOKS[k].length > 0);
    assert.deepEqual(
      JOURNAL_KINDS.filter((k) => !JOURNAL_KIND_BOOKS[k].includes('GROUP')),
      ['E1', 'E17'],
    );
  });
});

describe('reverse', () => {
  it('swaps the sides of every line and marks the entry as a reversal', () =>
    assert.deepEqual(reverse(paid()), {
      book: 'GROUP',
      kind: 'E3',
      reversal: true,
      lines: [
        { account: 'BANK', debit: 0n, credit: 103_071n },
        { account: 'INSTALLMENTS_RECEIVABLE', debit: 103_071n, credit: 0n, subledger: 'i-1' },
      ],
    }));
  it('gives back the original when applied twice', () => assert.deepEqual(reverse(reverse(paid())), paid()));
});

describe('balances', () => {
  it('signs each balance by its normal side and lists accounts in chart order', () => {
    const e = journalEntry({
      book: 'GROUP',
      kind: 'E3',
      lines: [
        { account: 'COMMON_FUND', credit: 70n },
        { account: 'BANK', debit: 100n },
        { account: 'RESERVE_FUND', credit: 40n },
        { account: 'ADMIN_FEE_PAYABLE', debit: 10n },
      ],
    });
    assert.deepEqual(
      [...balances([e])],
      [
        ['BANK', 100n],
        ['COMMON_FUND', 70n],
        ['RESERVE_FUND', 40n],
        ['ADMIN_FEE_PAYABLE', -10n],
      ],
    );
  });
  it('is empty for no entries', () => assert.equal(balances([]).size, 0));
  it('keeps sub-ledger balances per key', () => {
    const issue = (letter: string, amount: bigint): JournalEntry =>
      journalEntry({
        book: 'GROUP',
        kind: 'E7',
        lines: [
          { account: 'COMMON_FUND', debit: amount },
          { account: 'CREDITS_PAYABLE', credit: amount, subledger: letter },
        ],
      });
    const release = journalEntry({
      book: 'GROUP',
      kind: 'E9',
      lines: [
        { account: 'CREDITS_PAYABLE', debit: 1_000n, subledger: 'L1' },
        { account: 'BANK', credit: 1_000n },
      ],
    });
    assert.deepEqual(
      [...subledgerBalances([issue('L1', 6_000n), issue('L2', 5_000n), release], 'CREDITS_PAYABLE')],
      [
        ['L1', 5_000n],
        ['L2', 5_000n],
      ],
    );
  });
});

/** Random balanced entries: each is a list of (debit account, credit account, amount) pairs of one book. */
