import assert from 'node:assert/strict';
import fc from 'fast-check';
import { RuleViolation } from '@consorcio/shared/errors';
import {
  ADMINISTRATOR_CHART,
  GROUP_CHART,
  JOURNAL_KINDS,
  JOURNAL_KIND_BOOKS,
  type JournalEntry,
  type LedgerBook,
  balances,
  journalEntry,
  normalSideOf,
  reverse,
} from '../../../src/domain/ledger-index';

const entryArb: fc.Arbitrary<JournalEntry> = fc.constantFrom<LedgerBook>('GROUP', 'ADMINISTRATOR').chain((book) => {
  const accounts = (book === 'GROUP' ? GROUP_CHART : ADMINISTRATOR_CHART).map((d) => d.account);
  const kinds = JOURNAL_KINDS.filter((k) => JOURNAL_KIND_BOOKS[k].includes(book));
  return fc
    .record({
      kind: fc.constantFrom(...kinds),
      pairs: fc.array(
        fc.tuple(fc.constantFrom(...accounts), fc.constantFrom(...accounts), fc.bigInt({ min: 1n, max: 10n ** 12n })),
        { minLength: 1, maxLength: 6 },
      ),
    })
    .map(({ kind, pairs }) =>
      journalEntry({
        book,
        kind,
        lines: pairs.flatMap(([d, c, amount]) => [
          { account: d, debit: amount },
          { account: c, credit: amount },
        ]),
      }),
    );
});

/** Σ (debits − credits) over every account, recovered from the balances signed by normal side. */
const netDebits = (b: Map<string, bigint>): bigint =>
  [...b].reduce((s, [account, v]) => s + (normalSideOf(account as never) === 'DEBIT' ? v : -v), 0n);

describe('ledger properties', () => {
  it('nets every account to zero when an entry and its reversal are posted (property)', () =>
    fc.assert(
      fc.property(fc.array(entryArb, { minLength: 1, maxLength: 5 }), (entries) => {
        const all = [...entries, ...entries.map(reverse)];
        for (const v of balances(all).values()) assert.equal(v, 0n);
      }),
    ));
  it('sums the debits minus credits of any set of balanced entries to zero (property)', () =>
    fc.assert(
      fc.property(fc.array(entryArb, { maxLength: 8 }), (entries) => assert.equal(netDebits(balances(entries)), 0n)),
    ));
  it('keeps the group invariant BANK + INSTALLMENTS_RECEIVABLE = Σ credit-normal balances (property)', () =>
    fc.assert(
      fc.property(fc.array(entryArb, { maxLength: 8 }), (entries) => {
        const b = balances(entries.filter((e) => e.book === 'GROUP'));
        let debitSide = 0n;
        let creditSide = 0n;
        for (const [account, v] of b)
          if (normalSideOf(account) === 'DEBIT') debitSide += v;
          else creditSide += v;
        assert.equal(debitSide, creditSide);
      }),
    ));
  it('refuses any entry whose debits and credits differ (property)', () =>
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: 10n ** 12n }), fc.bigInt({ min: 1n, max: 10n ** 12n }), (d, c) => {
        fc.pre(d !== c);
        assert.throws(
          () =>
            journalEntry({
              book: 'GROUP',
              kind: 'E3',
              lines: [
                { account: 'BANK', debit: d },
                { account: 'COMMON_FUND', credit: c },
              ],
            }),
          RuleViolation,
        );
      }),
    ));
});
