import assert from 'node:assert/strict';
import {
  balances,
  closingDistributionEntry,
  creditReleasedEntry,
  exclusionEntry,
  installmentBilledEntry,
  investmentIncomeEntry,
  permanenceFeeEntries,
  refundPaidEntry,
  reserveExpenseEntry,
  revaluationCoverEntry,
  transferFeeEntry,
} from '../../../src/domain/ledger-index';
import { assertInvalid, cr, dr, entry } from './journal-entries-fixtures';

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
