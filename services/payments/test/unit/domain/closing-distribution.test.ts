import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ValidationError } from '@consorcio/shared/errors';
import {
  type ClosingRecord,
  type JournalEntry,
  type LedgerRecordStatus,
  balances,
  closingEntries,
  distributeClosing,
  journalEntry,
  subledgerBalances,
} from '../../../src/domain/ledger-index';

const C_T = 6_274_068n;
const PENALTY = 100_000n;

/** §14's example: (2,1) excluded and refunded, the others contemplated and settled. */
const EXAMPLE_RECORDS: ClosingRecord[] = [
  { number: 1, version: 1, status: 'SETTLED', fcPaidPct: 1_000_000n, frPaidPct: 24_000n },
  { number: 2, version: 1, status: 'REFUNDED', fcPaidPct: 124_992n, frPaidPct: 3_000n },
  { number: 2, version: 2, status: 'SETTLED', fcPaidPct: 1_000_000n, frPaidPct: 24_000n },
  { number: 3, version: 1, status: 'SETTLED', fcPaidPct: 1_000_000n, frPaidPct: 24_000n },
];

const opening = (commonFund: bigint, reserveFund: bigint): JournalEntry =>
  journalEntry({
    book: 'GROUP',
    kind: 'E3',
    lines: [
      { account: 'BANK', debit: commonFund + reserveFund },
      { account: 'COMMON_FUND', credit: commonFund },
      { account: 'RESERVE_FUND', credit: reserveFund },
    ],
  });

describe('distributeClosing', () => {
  const example = distributeClosing({
    creditValue: C_T,
    exclusionPenaltyPct: PENALTY,
    commonFund: 5_000n,
    reserveFund: 10_001n,
    records: EXAMPLE_RECORDS,
  });
  it('allocates §14’s reserve of 10 001 as 3 201, 400, 3 200, 3 200 (the extra centavo to (1,1))', () =>
    assert.deepEqual(
      example.records.map((r) => r.reserveShare),
      [3_201n, 400n, 3_200n, 3_200n],
    ));
  it('allocates §14’s common fund of 5 000 over the never-excluded records as 1 667, 1 667, 1 666', () =>
    assert.deepEqual(
      example.records.map((r) => [r.number, r.version, r.commonFundShare]),
      [
        [1, 1, 1_667n],
        [2, 1, 0n],
        [2, 2, 1_667n],
        [3, 1, 1_666n],
      ],
    ));
  it('leaves both funds at 0 and makes every amount payable when nobody owes anything', () => {
    assert.equal(example.commonFundLeft, 0n);
    assert.equal(example.reserveFundLeft, 0n);
    assert.deepEqual(
      example.records.map((r) => r.payable),
      [4_868n, 400n, 4_867n, 4_866n],
    );
  });
  it('posts §14’s example as one E16 that empties both funds into the members’ balances', () => {
    const entries = closingEntries(example);
    assert.deepEqual(
      entries.map((e) => e.kind),
      ['E16'],
    );
    const posted = [opening(5_000n, 10_001n), ...entries];
    const b = balances(posted);
    assert.equal(b.get('COMMON_FUND'), 0n);
    assert.equal(b.get('RESERVE_FUND'), 0n);
    assert.deepEqual(
      [...subledgerBalances(posted, 'MEMBER_BALANCES_PAYABLE')],
      [
        ['1-1', 4_868n],
        ['2-1', 400n],
        ['2-2', 4_867n],
        ['3-1', 4_866n],
      ],
    );
  });

  const mixed: ClosingRecord[] = [
    { number: 8, version: 1, status: 'WITHDRAWN', fcPaidPct: 13_888n, frPaidPct: 333n },
    {
      number: 7,
      version: 1,
      status: 'CONTEMPLATED_DELINQUENT',
      fcPaidPct: 1_000_000n,
      frPaidPct: 24_000n,
      overdue: [
        { period: 70, amountDue: 20_000n },
        { period: 69, amountDue: 10_000n },
      ],
    },
    { number: 6, version: 1, status: 'DELINQUENT', fcPaidPct: 500_000n, frPaidPct: 12_000n },
    { number: 5, version: 1, status: 'EXCLUDED', fcPaidPct: 305_536n, frPaidPct: 6_660n },
  ];
  const closing = distributeClosing({
    creditValue: C_T,
    exclusionPenaltyPct: PENALTY,
    commonFund: 1_725_259n + 3_137_034n + 1_000n,
    reserveFund: 42_660n,
    records: mixed,
  });
  const byNumber = (n: number) => closing.records.find((r) => r.number === n)!;

  it('awards an unrefunded excluded record its refund at C_T with the penalty (step a)', () => {
    assert.deepEqual(byNumber(5).refund, { gross: 1_916_954n, penalty: 191_695n, net: 1_725_259n });
    assert.equal(byNumber(5).commonFundShare, 0n);
    assert.equal(closing.refundsAwarded, 1_725_259n);
  });
  it('returns a never-contemplated record its FC percentage at C_T without penalty (step b)', () => {
    assert.equal(byNumber(6).fcReturn, 3_137_034n);
    assert.equal(byNumber(6).refund, null);
    assert.equal(closing.fcReturned, 3_137_034n);
  });
  it('allocates the common-fund remainder by fcPaidPct over the never-excluded records (step c)', () => {
    assert.equal(closing.commonFundRemainder, 1_000n);
    assert.deepEqual([byNumber(6).commonFundShare, byNumber(7).commonFundShare], [333n, 667n]);
  });
  it('allocates the reserve by frPaidPct over every record, the excluded one included, but not the WITHDRAWN (step d)', () =>
    assert.deepEqual(
      closing.records.map((r) => [r.number, r.reserveShare]),
      [
        [5, 6_660n],
        [6, 12_000n],
        [7, 24_000n],
        [8, 0n],
      ],
    ));
  it('applies a contemplated record’s amounts to its overdue installments first, oldest first (step e)', () => {
    assert.deepEqual(byNumber(7).appliedToDebt, [
      { period: 69, amount: 10_000n },
      { period: 70, amount: 14_667n },
    ]);
    assert.equal(byNumber(7).payable, 0n);
  });
  it('gives a WITHDRAWN record nothing', () => {
    const r = byNumber(8);
    assert.deepEqual([r.refund, r.fcReturn, r.commonFundShare, r.reserveShare, r.payable], [null, 0n, 0n, 0n, 0n]);
    assert.equal(r.role, 'NONE');
  });
  it('pays out the rest once the debt is covered', () => {
    const r = distributeClosing({
      creditValue: C_T,
      exclusionPenaltyPct: PENALTY,
      commonFund: 50_000n,
      reserveFund: 0n,
      records: [
        {
          number: 1,
          version: 1,
          status: 'CONTEMPLATED',
          fcPaidPct: 900_000n,
          frPaidPct: 20_000n,
          overdue: [{ period: 72, amountDue: 12_000n }],
        },
      ],
    }).records[0]!;
    assert.deepEqual(r.appliedToDebt, [{ period: 72, amount: 12_000n }]);
    assert.equal(r.payable, 38_000n);
  });
  it('ignores overdue installments listed on a record that is not contemplated', () => {
    const r = distributeClosing({
      creditValue: C_T,
      exclusionPenaltyPct: PENALTY,
      commonFund: 10_000_000n,
      reserveFund: 0n,
      records: [
        {
          number: 1,
          version: 1,
          status: 'DELINQUENT',
          fcPaidPct: 100_000n,
          frPaidPct: 0n,
          overdue: [{ period: 12, amountDue: 100_000n }],
        },
      ],
    }).records[0]!;
    assert.deepEqual(r.appliedToDebt, []);
    assert.equal(r.payable, r.fcReturn + r.commonFundShare);
  });
  it('posts the refund as E12 and the rest as one E16, leaving both funds empty', () => {
    const entries = closingEntries(closing);
    assert.deepEqual(
      entries.map((e) => e.kind),
      ['E12', 'E16'],
    );
    const posted = [opening(1_725_259n + 3_137_034n + 1_000n, 42_660n), ...entries];
    const b = balances(posted);
    assert.equal(b.get('COMMON_FUND'), 0n);
    assert.equal(b.get('RESERVE_FUND'), 0n);
    assert.deepEqual([...subledgerBalances(posted, 'REFUNDS_PAYABLE')], [['5-1', 1_725_259n]]);
    assert.deepEqual(
      [...subledgerBalances(posted, 'MEMBER_BALANCES_PAYABLE')],
      [
        ['5-1', 6_660n],
        ['6-1', 3_137_034n + 333n + 12_000n],
        ['7-1', 667n + 24_000n],
      ],
    );
  });
  it('reports a deficit when refunds and returns exceed the common fund, and allocates nothing of it', () => {
    const r = distributeClosing({
      creditValue: C_T,
      exclusionPenaltyPct: PENALTY,
      commonFund: 1_000_000n,
      reserveFund: 0n,
      records: mixed,
    });
    assert.equal(r.commonFundRemainder, 1_000_000n - 1_725_259n - 3_137_034n);
    assert.equal(r.commonFundDistributed, 0n);
    assert.equal(r.commonFundLeft, r.commonFundRemainder);
    assert.equal(r.reserveFundLeft, 0n);
  });
  it('keeps a fund that has nobody to allocate it over', () => {
    const r = distributeClosing({
      creditValue: C_T,
      exclusionPenaltyPct: PENALTY,
      commonFund: 700n,
      reserveFund: 300n,
      records: [{ number: 1, version: 1, status: 'SETTLED', fcPaidPct: 0n, frPaidPct: 0n }],
    });
    assert.equal(r.commonFundLeft, 700n);
    assert.equal(r.reserveFundLeft, 300n);
    assert.deepEqual(closingEntries(r), []);
  });
  it('refuses a CLOSED record, a record listed twice, a percentage above 100 % and a bad overdue list', () => {
    const base = { creditValue: C_T, exclusionPenaltyPct: PENALTY, commonFund: 1n, reserveFund: 1n };
    const rec: ClosingRecord = { number: 1, version: 1, status: 'SETTLED', fcPaidPct: 1n, frPaidPct: 1n };
    assert.throws(() => distributeClosing({ ...base, records: [{ ...rec, status: 'CLOSED' }] }), ValidationError);
    assert.throws(() => distributeClosing({ ...base, records: [rec, rec] }), ValidationError);
    assert.throws(() => distributeClosing({ ...base, records: [{ ...rec, frPaidPct: 1_000_001n }] }), ValidationError);
    assert.throws(
      () => distributeClosing({ ...base, records: [{ ...rec, overdue: [{ period: 0, amountDue: 1n }] }] }),
      ValidationError,
    );
    assert.throws(
      () =>
        distributeClosing({
          ...base,
          records: [
            {
              ...rec,
              overdue: [
                { period: 3, amountDue: 1n },
                { period: 3, amountDue: 2n },
              ],
            },
          ],
        }),
      ValidationError,
    );
    assert.throws(
      () => distributeClosing({ ...base, records: [{ ...rec, overdue: [{ period: 3, amountDue: 0n }] }] }),
      ValidationError,
    );
  });

  const statuses: LedgerRecordStatus[] = [
    'ACTIVE',
    'DELINQUENT',
    'ENROLLED',
    'CONTEMPLATED',
    'CONTEMPLATED_DELINQUENT',
    'SETTLED',
    'EXCLUDED',
    'REFUND_AWARDED',
    'REFUNDED',
    'WITHDRAWN',
    'AVAILABLE',
  ];
  const closingArb = fc.record({
    creditValue: fc.bigInt({ min: 1n, max: 10n ** 8n }),
    exclusionPenaltyPct: fc.bigInt({ min: 0n, max: 1_000_000n }),
    commonFund: fc.bigInt({ min: -(10n ** 9n), max: 10n ** 10n }),
    reserveFund: fc.bigInt({ min: -(10n ** 6n), max: 10n ** 9n }),
    records: fc.uniqueArray(
      fc.record({
        number: fc.integer({ min: 1, max: 300 }),
        version: fc.integer({ min: 1, max: 3 }),
        status: fc.constantFrom(...statuses),
        fcPaidPct: fc.bigInt({ min: 0n, max: 1_000_000n }),
        frPaidPct: fc.bigInt({ min: 0n, max: 24_000n }),
        overdue: fc.uniqueArray(
          fc.record({ period: fc.integer({ min: 1, max: 72 }), amountDue: fc.bigInt({ min: 1n, max: 10n ** 6n }) }),
          { selector: (o) => o.period, maxLength: 3 },
        ),
      }),
      { selector: (r) => `${r.number}-${r.version}`, maxLength: 25 },
    ),
  });

  it('conserves both funds: what is awarded, returned and allocated plus what is left is the balance (property)', () =>
    fc.assert(
      fc.property(closingArb, (input) => {
        const d = distributeClosing(input);
        const sum = (f: (r: (typeof d.records)[number]) => bigint) => d.records.reduce((s, r) => s + f(r), 0n);
        assert.equal(
          sum((r) => r.refund?.net ?? 0n),
          d.refundsAwarded,
        );
        assert.equal(
          sum((r) => r.fcReturn),
          d.fcReturned,
        );
        assert.equal(
          sum((r) => r.commonFundShare),
          d.commonFundDistributed,
        );
        assert.equal(
          sum((r) => r.reserveShare),
          d.reserveFundDistributed,
        );
        assert.equal(d.refundsAwarded + d.fcReturned + d.commonFundDistributed + d.commonFundLeft, input.commonFund);
        assert.equal(d.reserveFundDistributed + d.reserveFundLeft, input.reserveFund);
        for (const r of d.records) {
          assert.ok(r.commonFundShare >= 0n && r.reserveShare >= 0n && r.fcReturn >= 0n && r.payable >= 0n);
          const applied = r.appliedToDebt.reduce((s, a) => s + a.amount, 0n);
          assert.equal(applied + r.payable, r.fcReturn + r.commonFundShare + r.reserveShare);
          if (r.role !== 'CONTEMPLATED') assert.equal(applied, 0n);
          if (r.role === 'NONE') assert.equal(r.payable, 0n);
          if (r.role === 'EXCLUDED_UNREFUNDED' || r.role === 'EXCLUDED_REFUNDED') assert.equal(r.commonFundShare, 0n);
        }
      }),
    ));
  it('posts entries that move exactly the distributed amounts out of the funds (property)', () =>
    fc.assert(
      fc.property(closingArb, (input) => {
        const d = distributeClosing(input);
        const b = balances(closingEntries(d));
        assert.equal(-(b.get('COMMON_FUND') ?? 0n), d.refundsAwarded + d.fcReturned + d.commonFundDistributed);
        assert.equal(-(b.get('RESERVE_FUND') ?? 0n), d.reserveFundDistributed);
        assert.equal(b.get('REFUNDS_PAYABLE') ?? 0n, d.refundsAwarded);
      }),
    ));
});
