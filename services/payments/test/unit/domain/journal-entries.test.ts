import assert from 'node:assert/strict';
import fc from 'fast-check';
import { RuleViolation, ValidationError } from '@consorcio/shared/errors';
import { split3 } from '@consorcio/shared/money';
import {
  type BookEntries,
  type JournalEntry,
  balances,
  bidPaidEntries,
  closingDistributionEntry,
  contemplationCancelledEntry,
  contemplationEntries,
  creditReleasedEntry,
  excludedRefund,
  exclusionEntry,
  installmentBilledEntry,
  installmentPaidEntries,
  insuranceRemittanceEntry,
  investmentIncomeEntry,
  journalEntry,
  lateFeesPaidEntries,
  permanenceFeeEntries,
  refundAwardedEntry,
  refundPaidEntry,
  remittanceEntries,
  reverse,
  reserveCoverEntry,
  reserveExpenseEntry,
  revaluationCoverEntry,
  subledgerBalances,
  transferFeeEntry,
  upfrontFeePaidEntry,
  upfrontFeeRecognisedEntry,
} from '../../../src/domain/ledger-index';

const C = 6_000_000n;
/** G-DEMO installment 1 (§4.3): fc 83 328, af 15 000, fr 1 998, insurance 2 745, total 103 071. */
const INSTALLMENT_1 = { billedTotal: 103_071n, fc: 83_328n, af: 15_000n, fr: 1_998n, ins: 2_745n };
/** Remaining components of the §6.9 bidders after installment 11. */
const REMAINING = [847_232n, 152_500n, 20_337n] as const;

const dr = (account: string, amount: bigint, subledger?: string) =>
  subledger === undefined ? { account, debit: amount, credit: 0n } : { account, debit: amount, credit: 0n, subledger };
const cr = (account: string, amount: bigint, subledger?: string) =>
  subledger === undefined ? { account, debit: 0n, credit: amount } : { account, debit: 0n, credit: amount, subledger };
const entry = (book: 'GROUP' | 'ADMINISTRATOR', kind: string, lines: object[]) => ({
  book,
  kind,
  reversal: false,
  lines,
});

function assertInvalid(fn: () => unknown, field: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ValidationError, `expected a ValidationError, got ${String(err)}`);
    assert.ok(
      err.violations.some((v) => v.field === field),
      `${JSON.stringify(err.violations)} should name ${field}`,
    );
    return true;
  });
}

function assertRule(fn: () => unknown, rule: string): void {
  assert.throws(fn, (err: unknown) => err instanceof RuleViolation && err.rule === rule);
}

/** An opening of the group's funds, as installments paid earlier would have left them. */
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

describe('installmentPaidEntries (E3)', () => {
  it('posts G-DEMO installment 1 paid on time exactly as §13.4 (group book)', () =>
    assert.deepEqual(
      installmentPaidEntries(INSTALLMENT_1).group,
      entry('GROUP', 'E3', [
        dr('BANK', 103_071n),
        cr('INSTALLMENTS_RECEIVABLE', 103_071n),
        dr('BILLED_CONTRIBUTIONS', 103_071n),
        cr('COMMON_FUND', 83_328n),
        cr('ADMIN_FEE_PAYABLE', 15_000n),
        cr('RESERVE_FUND', 1_998n),
        cr('INSURANCE_PAYABLE', 2_745n),
      ]),
    ));
  it("posts the admin fee of G-DEMO installment 1 to the administrator's book exactly as §13.4", () =>
    assert.deepEqual(
      installmentPaidEntries(INSTALLMENT_1).administrator,
      entry('ADMINISTRATOR', 'E3', [dr('RECEIVABLE_FROM_GROUPS', 15_000n), cr('ADMIN_FEE_REVENUE', 15_000n)]),
    ));
  it('clears the installment: after E2 and E3 the receivable and the billed contributions are 0', () => {
    const posted = [installmentBilledEntry({ total: 103_071n }), installmentPaidEntries(INSTALLMENT_1).group];
    const b = balances(posted);
    assert.equal(b.get('INSTALLMENTS_RECEIVABLE'), 0n);
    assert.equal(b.get('BILLED_CONTRIBUTIONS'), 0n);
    assert.equal(b.get('BANK'), 103_071n);
  });
  it('first posts Δ = T − billed when the installment is paid at a higher C, keyed by installment', () => {
    // Paid late after the adjustment of §10.2: fc 87 134, af 15 685, fr 2 089, no insurance.
    const { group } = installmentPaidEntries({
      billedTotal: 100_326n,
      fc: 87_134n,
      af: 15_685n,
      fr: 2_089n,
      ins: 0n,
      installment: 'inst-13',
    });
    assert.deepEqual(group.lines.slice(0, 2), [
      dr('INSTALLMENTS_RECEIVABLE', 4_582n, 'inst-13'),
      cr('BILLED_CONTRIBUTIONS', 4_582n, 'inst-13'),
    ]);
    const posted = [installmentBilledEntry({ total: 100_326n, installment: 'inst-13' }), group];
    assert.equal(subledgerBalances(posted, 'INSTALLMENTS_RECEIVABLE').get('inst-13'), 0n);
    assert.equal(subledgerBalances(posted, 'BILLED_CONTRIBUTIONS').get('inst-13'), 0n);
  });
  it('swaps the sides of Δ when the installment is worth less than billed (a negative index)', () => {
    const { group } = installmentPaidEntries({ billedTotal: 100_000n, fc: 90_000n, af: 8_000n, fr: 1_000n, ins: 0n });
    assert.deepEqual(group.lines.slice(0, 2), [
      dr('BILLED_CONTRIBUTIONS', 1_000n),
      cr('INSTALLMENTS_RECEIVABLE', 1_000n),
    ]);
  });
  it('credits the fund revaluation and each price difference to the account of its component', () => {
    const { group, administrator } = installmentPaidEntries({
      billedTotal: 105_516n,
      fc: 83_328n,
      af: 15_000n,
      fr: 1_998n,
      ins: 2_745n,
      fundRevaluation: 1_307n,
      priceDifference: { fc: 1_000n, af: 180n, fr: 24n, ins: -66n },
    });
    assert.deepEqual(group.lines.slice(3), [
      cr('COMMON_FUND', 85_635n),
      cr('ADMIN_FEE_PAYABLE', 15_180n),
      cr('RESERVE_FUND', 2_022n),
      cr('INSURANCE_PAYABLE', 2_679n),
    ]);
    assert.deepEqual(administrator?.lines, [dr('RECEIVABLE_FROM_GROUPS', 15_180n), cr('ADMIN_FEE_REVENUE', 15_180n)]);
  });
  it('takes a negative fund revaluation (a discount) off the common fund', () => {
    const { group } = installmentPaidEntries({ ...INSTALLMENT_1, billedTotal: 101_765n, fundRevaluation: -1_306n });
    assert.deepEqual(group.lines[0], dr('BANK', 101_765n));
    assert.deepEqual(group.lines[3], cr('COMMON_FUND', 82_022n));
  });
  it('writes no line for a component of 0 and no administrator entry without admin fee', () => {
    const r = installmentPaidEntries({ billedTotal: 85_000n, fc: 85_000n, af: 0n, fr: 0n, ins: 0n });
    assert.equal(r.administrator, null);
    assert.deepEqual(r.group.lines.slice(3), [cr('COMMON_FUND', 85_000n)]);
  });
  it("pays from the record's MEMBER_BALANCES_PAYABLE when a closing set-off settles it", () =>
    assert.deepEqual(
      installmentPaidEntries({
        ...INSTALLMENT_1,
        paidFrom: 'MEMBER_BALANCES_PAYABLE',
        record: { number: 7, version: 1 },
      }).group.lines[0],
      dr('MEMBER_BALANCES_PAYABLE', 103_071n, '7-1'),
    ));
  it('refuses a negative component, a billed total of 0, a total that is not positive and an unknown source', () => {
    assertInvalid(() => installmentPaidEntries({ ...INSTALLMENT_1, fc: -1n }), 'fc');
    assertInvalid(() => installmentPaidEntries({ ...INSTALLMENT_1, billedTotal: 0n }), 'billedTotal');
    assertInvalid(
      () => installmentPaidEntries({ billedTotal: 10n, fc: 10n, af: 0n, fr: 0n, ins: 0n, fundRevaluation: -10n }),
      'total',
    );
    assertInvalid(() => installmentPaidEntries({ ...INSTALLMENT_1, paidFrom: 'CASH' as 'BANK' }), 'paidFrom');
    assertInvalid(() => installmentPaidEntries({ ...INSTALLMENT_1, installment: '' }), 'installment');
  });
});

describe('installmentBilledEntry (E2)', () => {
  it('bills the total into the receivable and the billed contributions', () =>
    assert.deepEqual(
      installmentBilledEntry({ total: 103_071n, installment: 'i-1' }),
      entry('GROUP', 'E2', [
        dr('INSTALLMENTS_RECEIVABLE', 103_071n, 'i-1'),
        cr('BILLED_CONTRIBUTIONS', 103_071n, 'i-1'),
      ]),
    ));
  it('refuses a total of 0', () => assertInvalid(() => installmentBilledEntry({ total: 0n }), 'total'));
});

describe('lateFeesPaidEntries (E4)', () => {
  // §5.2: fine 2 061 + interest 378 = 2 439 → administrator 1 219, group 1 220.
  const fees = { fine: 2_061n, interest: 378n, adminShare: 1_219n, groupShare: 1_220n };
  it('posts the §5.2 fees: the group share to the common fund, the administrator share as payable', () =>
    assert.deepEqual(
      lateFeesPaidEntries(fees).group,
      entry('GROUP', 'E4', [dr('BANK', 2_439n), cr('COMMON_FUND', 1_220n), cr('ADMIN_LATE_FEES_PAYABLE', 1_219n)]),
    ));
  it("recognises the administrator's 1 219 as late-fee revenue", () =>
    assert.deepEqual(
      lateFeesPaidEntries(fees).administrator,
      entry('ADMINISTRATOR', 'E4', [dr('RECEIVABLE_FROM_GROUPS', 1_219n), cr('LATE_FEE_REVENUE', 1_219n)]),
    ));
  it('has no administrator entry when the group keeps all the fees', () => {
    const r = lateFeesPaidEntries({ fine: 1n, interest: 0n, adminShare: 0n, groupShare: 1n });
    assert.equal(r.administrator, null);
    assert.deepEqual(r.group.lines, [dr('BANK', 1n), cr('COMMON_FUND', 1n)]);
  });
  it('refuses shares that do not add up to the fees, and fees of 0', () => {
    assertRule(() => lateFeesPaidEntries({ ...fees, groupShare: 1_219n }), 'late_fee_shares_mismatch');
    assertInvalid(() => lateFeesPaidEntries({ fine: 0n, interest: 0n, adminShare: 0n, groupShare: 0n }), 'fine');
    assertInvalid(() => lateFeesPaidEntries({ ...fees, interest: -1n }), 'interest');
  });
});

describe('remittanceEntries and insuranceRemittanceEntry (E5)', () => {
  it('remits the admin fee and the late-fee share from the group to the administrator', () => {
    const r = remittanceEntries({ adminFee: 15_000n, adminLateFees: 1_219n });
    assert.deepEqual(
      r.group,
      entry('GROUP', 'E5', [
        dr('ADMIN_FEE_PAYABLE', 15_000n),
        dr('ADMIN_LATE_FEES_PAYABLE', 1_219n),
        cr('BANK', 16_219n),
      ]),
    );
    assert.deepEqual(
      r.administrator,
      entry('ADMINISTRATOR', 'E5', [dr('BANK_ADMIN', 16_219n), cr('RECEIVABLE_FROM_GROUPS', 16_219n)]),
    );
  });
  it('settles both books: after E3, E4 and E5 the payables and the receivable are 0', () => {
    const e3 = installmentPaidEntries(INSTALLMENT_1);
    const e4 = lateFeesPaidEntries({ fine: 2_061n, interest: 378n, adminShare: 1_219n, groupShare: 1_220n });
    const e5 = remittanceEntries({ adminFee: 15_000n, adminLateFees: 1_219n });
    const all = [e3, e4, e5].flatMap((p) => [p.group, p.administrator!]);
    const b = balances(all);
    assert.equal(b.get('ADMIN_FEE_PAYABLE'), 0n);
    assert.equal(b.get('ADMIN_LATE_FEES_PAYABLE'), 0n);
    assert.equal(b.get('RECEIVABLE_FROM_GROUPS'), 0n);
    assert.equal(b.get('BANK_ADMIN'), 16_219n);
  });
  it('omits a remittance line of 0 and refuses a remittance of nothing', () => {
    assert.equal(remittanceEntries({ adminFee: 5n, adminLateFees: 0n }).group.lines.length, 2);
    assertInvalid(() => remittanceEntries({ adminFee: 0n, adminLateFees: 0n }), 'adminFee');
  });
  it('remits insurance to the insurer', () =>
    assert.deepEqual(
      insuranceRemittanceEntry(2_745n),
      entry('GROUP', 'E5', [dr('INSURANCE_PAYABLE', 2_745n), cr('BANK', 2_745n)]),
    ));
});

describe('upfront fee entries (E1)', () => {
  it('holds an upfront fee as an advance until constitution, then recognises it', () => {
    assert.deepEqual(
      upfrontFeePaidEntry(60_000n),
      entry('ADMINISTRATOR', 'E1', [dr('BANK_ADMIN', 60_000n), cr('ADMIN_FEE_ADVANCES', 60_000n)]),
    );
    assert.deepEqual(
      upfrontFeeRecognisedEntry(60_000n),
      entry('ADMINISTRATOR', 'E1', [dr('ADMIN_FEE_ADVANCES', 60_000n), cr('ADMIN_FEE_REVENUE', 60_000n)]),
    );
  });
  it('refuses an upfront fee of 0', () => assertInvalid(() => upfrontFeePaidEntry(0n), 'amount'));
});

describe('bidPaidEntries (E6)', () => {
  it('posts quota 40’s own part of §6.9, 2 895 000 split (2 404 482, 432 801, 57 717)', () => {
    const own = split3(2_895_000n, ...REMAINING);
    assert.deepEqual(own, { fc: 2_404_482n, af: 432_801n, fr: 57_717n });
    const r = bidPaidEntries(own);
    assert.deepEqual(
      r.group,
      entry('GROUP', 'E6', [
        dr('BANK', 2_895_000n),
        cr('COMMON_FUND', 2_404_482n),
        cr('ADMIN_FEE_PAYABLE', 432_801n),
        cr('RESERVE_FUND', 57_717n),
      ]),
    );
    assert.deepEqual(
      r.administrator,
      entry('ADMINISTRATOR', 'E6', [dr('RECEIVABLE_FROM_GROUPS', 432_801n), cr('ADMIN_FEE_REVENUE', 432_801n)]),
    );
  });
  it('refuses a payment of nothing and a negative part', () => {
    assertInvalid(() => bidPaidEntries({ fc: 0n, af: 0n, fr: 0n }), 'own');
    assertInvalid(() => bidPaidEntries({ fc: 10n, af: -1n, fr: 0n }), 'own.af');
  });
});

describe('contemplationEntries (E7) and reserveCoverEntry (E8)', () => {
  it('posts the contemplation of quota 115 at assembly 11 exactly as §13.4', () => {
    const embedded = split3(1_500_000n, ...REMAINING);
    assert.deepEqual(embedded, { fc: 1_245_846n, af: 224_249n, fr: 29_905n });
    const r = contemplationEntries({ creditValue: C, embedded });
    assert.deepEqual(
      r.group,
      entry('GROUP', 'E7', [
        dr('COMMON_FUND', 4_754_154n),
        cr('CREDITS_PAYABLE', 4_500_000n),
        cr('ADMIN_FEE_PAYABLE', 224_249n),
        cr('RESERVE_FUND', 29_905n),
      ]),
    );
    assert.deepEqual(
      r.administrator,
      entry('ADMINISTRATOR', 'E7', [dr('RECEIVABLE_FROM_GROUPS', 224_249n), cr('ADMIN_FEE_REVENUE', 224_249n)]),
    );
  });
  it('issues a draw’s letter for the whole C, keyed by letter, with no administrator entry', () => {
    const r = contemplationEntries({ creditValue: C, letter: 'L-118' });
    assert.deepEqual(r.group, entry('GROUP', 'E7', [dr('COMMON_FUND', C), cr('CREDITS_PAYABLE', C, 'L-118')]));
    assert.equal(r.administrator, null);
  });
  it('lets the reserve cover a draw’s shortfall first (E8), leaving the common fund at 0', () => {
    // available 5 000 000, reserve 1 500 000, C 6 000 000 → the reserve moves 1 000 000 (§6.4).
    const cover = reserveCoverEntry(1_000_000n);
    assert.deepEqual(cover, entry('GROUP', 'E8', [dr('RESERVE_FUND', 1_000_000n), cr('COMMON_FUND', 1_000_000n)]));
    const b = balances([opening(5_000_000n, 1_500_000n), cover, contemplationEntries({ creditValue: C }).group]);
    assert.equal(b.get('COMMON_FUND'), 0n);
    assert.equal(b.get('RESERVE_FUND'), 500_000n);
    assert.equal(b.get('CREDITS_PAYABLE'), C);
  });
  it('refuses an embedded part as large as the credit, a credit of 0 and a cover of 0', () => {
    assertRule(
      () => contemplationEntries({ creditValue: 100n, embedded: { fc: 80n, af: 15n, fr: 5n } }),
      'embedded_exceeds_credit',
    );
    assertInvalid(() => contemplationEntries({ creditValue: 0n }), 'creditValue');
    assertInvalid(() => reserveCoverEntry(0n), 'amount');
  });
});

describe('§6.9 assembly 11 through the group book', () => {
  it('leaves 22 878 available after the draw, the excluded refund and the two paid bids', () => {
    const refund = excludedRefund({ creditValue: C, fcPaidPct: 124_992n, exclusionPenaltyPct: 100_000n });
    assert.deepEqual(refund, { gross: 749_952n, penalty: 74_995n, net: 674_957n });
    const posted = [
      opening(14_300_000n, 900_000n),
      contemplationEntries({ creditValue: C, letter: 'L-118' }).group, // draw: 118
      refundAwardedEntry({ net: refund.net, record: { number: 120, version: 1 } }), // excluded draw: (120,1)
      bidPaidEntries(split3(2_895_000n, ...REMAINING)).group, // quota 40 pays O
      contemplationEntries({ creditValue: C, letter: 'L-40' }).group,
      bidPaidEntries(split3(2_400_000n, ...REMAINING)).group, // quota 119 pays O
      contemplationEntries({ creditValue: C, letter: 'L-119' }).group,
    ];
    const b = balances(posted);
    assert.equal(b.get('COMMON_FUND'), 22_878n);
    assert.equal(b.get('REFUNDS_PAYABLE'), 674_957n);
    assert.equal(b.get('CREDITS_PAYABLE'), 18_000_000n);
    assert.equal(b.get('RESERVE_FUND'), 900_000n + 57_717n + 47_848n);
    assert.equal(b.get('ADMIN_FEE_PAYABLE'), 432_801n + 358_799n);
  });
  it('posts the refund award of (120,1) keyed by record, the penalty staying in the common fund', () =>
    assert.deepEqual(
      refundAwardedEntry({ net: 674_957n, record: { number: 120, version: 1 } }),
      entry('GROUP', 'E12', [dr('COMMON_FUND', 674_957n), cr('REFUNDS_PAYABLE', 674_957n, '120-1')]),
    ));
});

describe('contemplationCancelledEntry (E19)', () => {
  it('moves only the letter balance, credit plus yield, back to the common fund (D-22)', () => {
    const embedded = split3(1_500_000n, ...REMAINING);
    const issued = contemplationEntries({ creditValue: C, embedded, letter: 'L-115' });
    const yieldShare = investmentIncomeEntry([{ account: 'CREDITS_PAYABLE', subledger: 'L-115', amount: 13_500n }]);
    const before = balances([opening(10_000_000n, 900_000n), issued.group, yieldShare]);
    const cancel = contemplationCancelledEntry({ balance: 4_513_500n, letter: 'L-115' });
    assert.deepEqual(
      cancel,
      entry('GROUP', 'E19', [dr('CREDITS_PAYABLE', 4_513_500n, 'L-115'), cr('COMMON_FUND', 4_513_500n)]),
    );
    const after = balances([opening(10_000_000n, 900_000n), issued.group, yieldShare, cancel]);
    assert.equal(after.get('CREDITS_PAYABLE'), 0n);
    assert.equal(after.get('COMMON_FUND'), before.get('COMMON_FUND')! + 4_513_500n);
    // The admin fee and reserve parts of the embedded amortization stay where E7 put them.
    assert.equal(after.get('ADMIN_FEE_PAYABLE'), 224_249n);
    assert.equal(after.get('RESERVE_FUND'), 900_000n + 29_905n);
  });
  it('refuses a balance of 0', () => assertInvalid(() => contemplationCancelledEntry({ balance: 0n }), 'balance'));
});

describe('the other group entries', () => {
  it('releases a credit (E9) from the letter', () =>
    assert.deepEqual(
      creditReleasedEntry({ amount: 4_500_000n, letter: 'L-115' }),
      entry('GROUP', 'E9', [dr('CREDITS_PAYABLE', 4_500_000n, 'L-115'), cr('BANK', 4_500_000n)]),
    ));
  it('posts investment income (E10) to each bucket, skipping shares of 0', () =>
    assert.deepEqual(
      investmentIncomeEntry([
        { account: 'COMMON_FUND', amount: 9_000n },
        { account: 'RESERVE_FUND', amount: 0n },
        { account: 'CREDITS_PAYABLE', subledger: 'L1', amount: 18_001n },
      ]),
      entry('GROUP', 'E10', [dr('BANK', 27_001n), cr('COMMON_FUND', 9_000n), cr('CREDITS_PAYABLE', 18_001n, 'L1')]),
    ));
  it('refuses income of 0, a negative share and an account that earns no income', () => {
    assertInvalid(() => investmentIncomeEntry([{ account: 'COMMON_FUND', amount: 0n }]), 'shares');
    assertInvalid(() => investmentIncomeEntry([{ account: 'COMMON_FUND', amount: -1n }]), 'shares[0].amount');
    assertInvalid(() => investmentIncomeEntry([{ account: 'BANK', amount: 1n }]), 'shares[0].account');
  });
  it('cancels every open installment of an excluded record (E11)', () => {
    const e = exclusionEntry([
      { billedTotal: 103_071n, installment: 'i-5' },
      { billedTotal: 103_071n, installment: 'i-6' },
    ]);
    const b = balances([
      installmentBilledEntry({ total: 103_071n, installment: 'i-5' }),
      installmentBilledEntry({ total: 103_071n, installment: 'i-6' }),
      e,
    ]);
    assert.equal(e.kind, 'E11');
    assert.equal(b.get('INSTALLMENTS_RECEIVABLE'), 0n);
    assert.equal(b.get('BILLED_CONTRIBUTIONS'), 0n);
    assertInvalid(() => exclusionEntry([]), 'open');
  });
  it('pays a refund (E13) out of the refunds payable', () =>
    assert.deepEqual(
      refundPaidEntry({ amount: 676_000n, record: { number: 120, version: 1 } }),
      entry('GROUP', 'E13', [dr('REFUNDS_PAYABLE', 676_000n, '120-1'), cr('BANK', 676_000n)]),
    ));
  it('covers a fund revaluation from the reserve (E14)', () =>
    assert.deepEqual(
      revaluationCoverEntry(600_000n),
      entry('GROUP', 'E14', [dr('RESERVE_FUND', 600_000n), cr('COMMON_FUND', 600_000n)]),
    ));
  it('pays other reserve uses out of the bank (E15)', () =>
    assert.deepEqual(
      reserveExpenseEntry(1_990n),
      entry('GROUP', 'E15', [dr('RESERVE_FUND', 1_990n), cr('BANK', 1_990n)]),
    ));
  it('distributes the closing (E16) from both funds to each record’s balance payable', () =>
    assert.deepEqual(
      closingDistributionEntry([
        { number: 1, version: 1, fromCommonFund: 1_667n, fromReserveFund: 3_201n },
        { number: 2, version: 1, fromCommonFund: 0n, fromReserveFund: 400n },
        { number: 4, version: 1, fromCommonFund: 0n, fromReserveFund: 0n },
      ]),
      entry('GROUP', 'E16', [
        dr('COMMON_FUND', 1_667n),
        dr('RESERVE_FUND', 3_601n),
        cr('MEMBER_BALANCES_PAYABLE', 4_868n, '1-1'),
        cr('MEMBER_BALANCES_PAYABLE', 400n, '2-1'),
      ]),
    ));
  it('refuses a closing that distributes nothing or lists a record twice', () => {
    assertInvalid(() => closingDistributionEntry([]), 'payouts');
    assertInvalid(
      () =>
        closingDistributionEntry([
          { number: 1, version: 1, fromCommonFund: 1n, fromReserveFund: 0n },
          { number: 1, version: 1, fromCommonFund: 1n, fromReserveFund: 0n },
        ]),
      'payouts[1]',
    );
  });
});

describe("the administrator's fees", () => {
  it('takes a transfer fee (E17) as revenue', () =>
    assert.deepEqual(
      transferFeeEntry(15_000n),
      entry('ADMINISTRATOR', 'E17', [dr('BANK_ADMIN', 15_000n), cr('TRANSFER_FEE_REVENUE', 15_000n)]),
    ));
  it('charges a permanence fee (E18) on an unclaimed balance in both books', () => {
    const r = permanenceFeeEntries({ amount: 120n, from: 'MEMBER_BALANCES_PAYABLE', subledger: '7-1' });
    assert.deepEqual(
      r.group,
      entry('GROUP', 'E18', [dr('MEMBER_BALANCES_PAYABLE', 120n, '7-1'), cr('ADMIN_FEE_PAYABLE', 120n)]),
    );
    assert.deepEqual(
      r.administrator,
      entry('ADMINISTRATOR', 'E18', [dr('RECEIVABLE_FROM_GROUPS', 120n), cr('PERMANENCE_FEE_REVENUE', 120n)]),
    );
  });
  it('refuses a fee of 0 and a permanence fee on an account that holds no unclaimed balance', () => {
    assertInvalid(() => transferFeeEntry(0n), 'amount');
    assertInvalid(() => permanenceFeeEntries({ amount: 1n, from: 'COMMON_FUND' as 'REFUNDS_PAYABLE' }), 'from');
  });
});

// ------------------------------------------------------------------------------------------------------ properties

const cents = (max = 10n ** 10n) => fc.bigInt({ min: 0n, max });
const positive = (max = 10n ** 10n) => fc.bigInt({ min: 1n, max });
const signedCents = fc.bigInt({ min: -10_000n, max: 10_000n });
const splitArb = fc.record({ fc: cents(), af: cents(), fr: cents() });

/** Every builder, fed random facts that the builder accepts. */
const anyPosting: fc.Arbitrary<JournalEntry[]> = fc.oneof(
  positive().map((a) => [upfrontFeePaidEntry(a), upfrontFeeRecognisedEntry(a)]),
  positive().map((t) => [installmentBilledEntry({ total: t })]),
  fc
    .record({
      billedTotal: positive(),
      fc: positive(),
      af: cents(),
      fr: cents(),
      ins: cents(),
      fundRevaluation: signedCents,
      priceDifference: fc.record({ fc: signedCents, af: signedCents, fr: signedCents, ins: signedCents }),
    })
    .filter(
      (f) =>
        f.fc +
          f.af +
          f.fr +
          f.ins +
          f.fundRevaluation +
          f.priceDifference.fc +
          f.priceDifference.af +
          f.priceDifference.fr +
          f.priceDifference.ins >
        0n,
    )
    .map((f) => pair(installmentPaidEntries(f))),
  fc.tuple(cents(), cents(), positive(1_000_000n)).map(([fine, interest, pct]) => {
    const fees = fine + interest + 1n;
    const adminShare = (fees * pct) / 1_000_000n;
    return pair(lateFeesPaidEntries({ fine: fine + 1n, interest, adminShare, groupShare: fees - adminShare }));
  }),
  fc
    .tuple(positive(), cents())
    .map(([adminFee, adminLateFees]) => pair(remittanceEntries({ adminFee, adminLateFees }))),
  positive().map((a) => [insuranceRemittanceEntry(a)]),
  splitArb.filter((s) => s.fc + s.af + s.fr > 0n).map((s) => pair(bidPaidEntries(s))),
  fc
    .tuple(positive(10n ** 9n), splitArb)
    .map(([extra, e]) => pair(contemplationEntries({ creditValue: e.fc + e.af + e.fr + extra, embedded: e }))),
  positive().map((a) => [reserveCoverEntry(a), revaluationCoverEntry(a), reserveExpenseEntry(a)]),
  positive().map((a) => [creditReleasedEntry({ amount: a }), contemplationCancelledEntry({ balance: a })]),
  fc
    .array(cents(), { minLength: 1, maxLength: 5 })
    .filter((xs) => xs.some((x) => x > 0n))
    .map((xs) => [
      investmentIncomeEntry(
        xs.map((amount, i) =>
          i === 0 ? { account: 'COMMON_FUND', amount } : { account: 'CREDITS_PAYABLE', subledger: `L${i}`, amount },
        ),
      ),
    ]),
  fc
    .array(positive(), { minLength: 1, maxLength: 5 })
    .map((xs) => [exclusionEntry(xs.map((b) => ({ billedTotal: b })))]),
  positive().map((a) => [refundAwardedEntry({ net: a }), refundPaidEntry({ amount: a })]),
  fc
    .array(fc.tuple(cents(), cents()), { minLength: 1, maxLength: 5 })
    .filter((xs) => xs.some(([a, b]) => a + b > 0n))
    .map((xs) => [
      closingDistributionEntry(
        xs.map(([fromCommonFund, fromReserveFund], i) => ({
          number: i + 1,
          version: 1,
          fromCommonFund,
          fromReserveFund,
        })),
      ),
    ]),
  positive().map((a) => [transferFeeEntry(a)]),
  fc
    .tuple(positive(), fc.constantFrom('MEMBER_BALANCES_PAYABLE', 'REFUNDS_PAYABLE', 'CREDITS_PAYABLE' as const))
    .map(([amount, from]) => pair(permanenceFeeEntries({ amount, from }))),
);

function pair(p: BookEntries): JournalEntry[] {
  return p.administrator === null ? [p.group] : [p.group, p.administrator];
}

describe('every builder (property)', () => {
  it('produces entries whose debits equal their credits, with one-sided positive lines', () =>
    fc.assert(
      fc.property(anyPosting, (entries) => {
        for (const e of entries) {
          assert.equal(
            e.lines.reduce((s, l) => s + l.debit, 0n),
            e.lines.reduce((s, l) => s + l.credit, 0n),
          );
          for (const l of e.lines) assert.ok(l.debit > 0n !== l.credit > 0n);
        }
      }),
      { numRuns: 500 },
    ));
  it('leaves every account of both books unchanged when its entries are reversed', () =>
    fc.assert(
      fc.property(anyPosting, (entries) => {
        for (const v of balances([...entries, ...entries.map(reverse)]).values()) assert.equal(v, 0n);
      }),
    ));
});
