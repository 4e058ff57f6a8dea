import assert from 'node:assert/strict';
import {
  balances,
  installmentBilledEntry,
  installmentPaidEntries,
  insuranceRemittanceEntry,
  lateFeesPaidEntries,
  remittanceEntries,
  subledgerBalances,
  upfrontFeePaidEntry,
  upfrontFeeRecognisedEntry,
} from '../../../src/domain/ledger-index';
import { INSTALLMENT_1, assertInvalid, assertRule, cr, dr, entry } from './journal-entries-fixtures';

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
