import assert from 'node:assert/strict';
import { RuleViolation, ValidationError } from '@consorcio/shared/errors';
import { journalEntry, type JournalEntry } from '../../../src/domain/ledger-index';

/** Facts and assertions the journal-entry builder tests share. */
export const C = 6_000_000n;
/** G-DEMO installment 1 (§4.3): fc 83 328, af 15 000, fr 1 998, insurance 2 745, total 103 071. */
export const INSTALLMENT_1 = { billedTotal: 103_071n, fc: 83_328n, af: 15_000n, fr: 1_998n, ins: 2_745n };
/** Remaining components of the §6.9 bidders after installment 11. */
export const REMAINING = [847_232n, 152_500n, 20_337n] as const;

export const dr = (account: string, amount: bigint, subledger?: string) =>
  subledger === undefined ? { account, debit: amount, credit: 0n } : { account, debit: amount, credit: 0n, subledger };
export const cr = (account: string, amount: bigint, subledger?: string) =>
  subledger === undefined ? { account, debit: 0n, credit: amount } : { account, debit: 0n, credit: amount, subledger };
export const entry = (book: 'GROUP' | 'ADMINISTRATOR', kind: string, lines: object[]) => ({
  book,
  kind,
  reversal: false,
  lines,
});

export function assertInvalid(fn: () => unknown, field: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ValidationError, `expected a ValidationError, got ${String(err)}`);
    assert.ok(
      err.violations.some((v) => v.field === field),
      `${JSON.stringify(err.violations)} should name ${field}`,
    );
    return true;
  });
}

export function assertRule(fn: () => unknown, rule: string): void {
  assert.throws(fn, (err: unknown) => err instanceof RuleViolation && err.rule === rule);
}

/** An opening of the group's funds, as installments paid earlier would have left them. */
export const opening = (commonFund: bigint, reserveFund: bigint): JournalEntry =>
  journalEntry({
    book: 'GROUP',
    kind: 'E3',
    lines: [
      { account: 'BANK', debit: commonFund + reserveFund },
      { account: 'COMMON_FUND', credit: commonFund },
      { account: 'RESERVE_FUND', credit: reserveFund },
    ],
  });
