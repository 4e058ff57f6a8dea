import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ValidationError } from '@consorcio/shared/errors';
import { allocateIncome, balances, investmentIncomeEntry, subledgerBalances } from '../../../src/domain/ledger-index';

/** §12's example balances. */
const EXAMPLE = {
  commonFund: 3_000_000n,
  reserveFund: 450_000n,
  creditLetters: [
    { letterId: 'L2', balance: 5_550_003n },
    { letterId: 'L1', balance: 6_000_000n },
  ],
};

describe('allocateIncome', () => {
  it('allocates §12’s 45 001 as 9 000, 1 350, 18 001, 16 650 (the extra centavo to L1)', () =>
    assert.deepEqual(
      allocateIncome(45_001n, EXAMPLE).map((s) => [s.bucket.kind, s.subledger, s.amount]),
      [
        ['COMMON_FUND', undefined, 9_000n],
        ['RESERVE_FUND', undefined, 1_350n],
        ['CREDIT_LETTER', 'L1', 18_001n],
        ['CREDIT_LETTER', 'L2', 16_650n],
      ],
    ));
  it('answers each share with its bucket, account and the balance it earned on', () =>
    assert.deepEqual(allocateIncome(45_001n, EXAMPLE)[2], {
      bucket: { kind: 'CREDIT_LETTER', letterId: 'L1' },
      account: 'CREDITS_PAYABLE',
      balance: 6_000_000n,
      amount: 18_001n,
      subledger: 'L1',
    }));
  it('posts the §12 allocation as E10, each letter keyed by its id', () => {
    const e = investmentIncomeEntry(allocateIncome(45_001n, EXAMPLE));
    assert.equal(e.kind, 'E10');
    assert.deepEqual(
      [...balances([e])],
      [
        ['BANK', 45_001n],
        ['COMMON_FUND', 9_000n],
        ['RESERVE_FUND', 1_350n],
        ['CREDITS_PAYABLE', 34_651n],
      ],
    );
    assert.deepEqual(
      [...subledgerBalances([e], 'CREDITS_PAYABLE')],
      [
        ['L1', 18_001n],
        ['L2', 16_650n],
      ],
    );
  });
  it('orders the buckets common fund, reserve, letters by id, refunds and closing balances by record', () =>
    assert.deepEqual(
      allocateIncome(1_000n, {
        commonFund: 100n,
        reserveFund: 100n,
        creditLetters: [{ letterId: 'B', balance: 100n }],
        awardedRefunds: [
          { number: 9, version: 2, balance: 100n },
          { number: 9, version: 1, balance: 100n },
        ],
        closingBalances: [{ number: 3, version: 1, balance: 100n }],
      }).map((s) => [s.account, s.subledger ?? '', s.amount]),
      [
        ['COMMON_FUND', '', 167n],
        ['RESERVE_FUND', '', 167n],
        ['CREDITS_PAYABLE', 'B', 167n],
        ['REFUNDS_PAYABLE', '9-1', 167n],
        ['REFUNDS_PAYABLE', '9-2', 166n],
        ['MEMBER_BALANCES_PAYABLE', '3-1', 166n],
      ],
    ));
  it('breaks equal remainders by the fixed bucket order: the common fund before the reserve', () =>
    assert.deepEqual(
      allocateIncome(1n, { commonFund: 5n, reserveFund: 5n }).map((s) => s.amount),
      [1n, 0n],
    ));
  it('gives nothing to a bucket whose balance is 0 or negative', () =>
    assert.deepEqual(
      allocateIncome(100n, { commonFund: -50n, reserveFund: 0n, creditLetters: [{ letterId: 'L', balance: 10n }] }).map(
        (s) => s.amount,
      ),
      [0n, 0n, 100n],
    ));
  it('gives the whole income to the common fund when no bucket has a positive balance', () =>
    assert.deepEqual(
      allocateIncome(77n, { commonFund: 0n, reserveFund: -1n }).map((s) => s.amount),
      [77n, 0n],
    ));
  it('allocates an income of 0 as zeros', () =>
    assert.deepEqual(
      allocateIncome(0n, EXAMPLE).map((s) => s.amount),
      [0n, 0n, 0n, 0n],
    ));
  it('refuses a negative income, a letter listed twice, an empty letter id and a record listed twice', () => {
    assert.throws(() => allocateIncome(-1n, EXAMPLE), ValidationError);
    assert.throws(
      () =>
        allocateIncome(1n, {
          commonFund: 1n,
          reserveFund: 1n,
          creditLetters: [
            { letterId: 'L', balance: 1n },
            { letterId: 'L', balance: 2n },
          ],
        }),
      ValidationError,
    );
    assert.throws(
      () => allocateIncome(1n, { commonFund: 1n, reserveFund: 1n, creditLetters: [{ letterId: '', balance: 1n }] }),
      ValidationError,
    );
    assert.throws(
      () =>
        allocateIncome(1n, {
          commonFund: 1n,
          reserveFund: 1n,
          awardedRefunds: [
            { number: 1, version: 1, balance: 1n },
            { number: 1, version: 1, balance: 1n },
          ],
        }),
      ValidationError,
    );
  });

  const balancesArb = fc.record({
    commonFund: fc.bigInt({ min: -(10n ** 8n), max: 10n ** 10n }),
    reserveFund: fc.bigInt({ min: 0n, max: 10n ** 9n }),
    creditLetters: fc.uniqueArray(
      fc.record({
        letterId: fc.string({ minLength: 1, maxLength: 4 }),
        balance: fc.bigInt({ min: 0n, max: 10n ** 9n }),
      }),
      { selector: (l) => l.letterId, maxLength: 6 },
    ),
    awardedRefunds: fc.uniqueArray(
      fc.record({
        number: fc.integer({ min: 1, max: 50 }),
        version: fc.integer({ min: 1, max: 3 }),
        balance: fc.bigInt({ min: 0n, max: 10n ** 8n }),
      }),
      { selector: (r) => `${r.number}-${r.version}`, maxLength: 6 },
    ),
  });
  it('conserves the income and never gives a negative share (property)', () =>
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 9n }), balancesArb, (income, b) => {
        const shares = allocateIncome(income, b);
        assert.equal(
          shares.reduce((s, x) => s + x.amount, 0n),
          income,
        );
        for (const s of shares) assert.ok(s.amount >= 0n);
      }),
    ));
  it('keeps each share within one centavo of the exact pro-rata amount (property)', () =>
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 9n }), balancesArb, (income, b) => {
        const shares = allocateIncome(income, b);
        const w = shares.reduce((s, x) => s + (x.balance > 0n ? x.balance : 0n), 0n);
        fc.pre(w > 0n);
        for (const s of shares) {
          const exact = income * (s.balance > 0n ? s.balance : 0n); // share × W should be within W of it
          const diff = s.amount * w - exact;
          assert.ok(diff > -w && diff < w);
        }
      }),
    ));
  it('does not depend on the order the letters and records are listed in (property)', () =>
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 9n }), balancesArb, (income, b) => {
        const reversed = {
          ...b,
          creditLetters: [...b.creditLetters].reverse(),
          awardedRefunds: [...b.awardedRefunds].reverse(),
        };
        assert.deepEqual(allocateIncome(income, reversed), allocateIncome(income, b));
      }),
    ));
});
