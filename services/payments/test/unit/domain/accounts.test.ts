import assert from 'node:assert/strict';
import {
  ADMINISTRATOR_CHART,
  GROUP_CHART,
  INCOME_BUCKET_ACCOUNT,
  INCOME_BUCKET_ORDER,
  accountDefinition,
  chartOf,
  isAccountOf,
  normalSideOf,
} from '../../../src/domain/ledger-index';

describe('GROUP_CHART', () => {
  it('lists the eleven accounts of the group book with their codes, normal sides and sub-ledgers', () =>
    assert.deepEqual(
      GROUP_CHART.map((d) => [d.code, d.account, d.normalSide, d.subledger]),
      [
        [1000, 'BANK', 'DEBIT', null],
        [1100, 'INSTALLMENTS_RECEIVABLE', 'DEBIT', 'INSTALLMENT'],
        [2000, 'COMMON_FUND', 'CREDIT', null],
        [2100, 'RESERVE_FUND', 'CREDIT', null],
        [2200, 'BILLED_CONTRIBUTIONS', 'CREDIT', 'INSTALLMENT'],
        [2300, 'CREDITS_PAYABLE', 'CREDIT', 'CREDIT_LETTER'],
        [2400, 'REFUNDS_PAYABLE', 'CREDIT', 'QUOTA_RECORD'],
        [2500, 'ADMIN_FEE_PAYABLE', 'CREDIT', null],
        [2510, 'ADMIN_LATE_FEES_PAYABLE', 'CREDIT', null],
        [2600, 'INSURANCE_PAYABLE', 'CREDIT', null],
        [2700, 'MEMBER_BALANCES_PAYABLE', 'CREDIT', 'QUOTA_RECORD'],
      ],
    ));
  it('puts every account in the GROUP book', () => assert.ok(GROUP_CHART.every((d) => d.book === 'GROUP')));
});

describe('ADMINISTRATOR_CHART', () => {
  it("lists the seven accounts of the administrator's book with their codes and normal sides", () =>
    assert.deepEqual(
      ADMINISTRATOR_CHART.map((d) => [d.code, d.account, d.normalSide]),
      [
        [1000, 'BANK_ADMIN', 'DEBIT'],
        [1100, 'RECEIVABLE_FROM_GROUPS', 'DEBIT'],
        [2000, 'ADMIN_FEE_ADVANCES', 'CREDIT'],
        [4000, 'ADMIN_FEE_REVENUE', 'CREDIT'],
        [4100, 'LATE_FEE_REVENUE', 'CREDIT'],
        [4200, 'TRANSFER_FEE_REVENUE', 'CREDIT'],
        [4300, 'PERMANENCE_FEE_REVENUE', 'CREDIT'],
      ],
    ));
  it('keeps RECEIVABLE_FROM_GROUPS by group', () =>
    assert.equal(accountDefinition('RECEIVABLE_FROM_GROUPS')?.subledger, 'GROUP'));
});

describe('account lookups', () => {
  it('never uses one name in both books, so a name tells the book', () => {
    const names = [...GROUP_CHART, ...ADMINISTRATOR_CHART].map((d) => d.account);
    assert.equal(new Set(names).size, names.length);
  });
  it('keeps codes unique within each book', () => {
    for (const chart of [GROUP_CHART, ADMINISTRATOR_CHART])
      assert.equal(new Set(chart.map((d) => d.code)).size, chart.length);
  });
  it('tells which book an account belongs to', () => {
    assert.equal(isAccountOf('GROUP', 'COMMON_FUND'), true);
    assert.equal(isAccountOf('ADMINISTRATOR', 'COMMON_FUND'), false);
    assert.equal(isAccountOf('ADMINISTRATOR', 'BANK_ADMIN'), true);
    assert.equal(isAccountOf('GROUP', 'CASH'), false);
    assert.equal(accountDefinition('CASH'), undefined);
  });
  it('answers the chart of each book', () => {
    assert.equal(chartOf('GROUP'), GROUP_CHART);
    assert.equal(chartOf('ADMINISTRATOR'), ADMINISTRATOR_CHART);
  });
  it('gives assets a debit normal side and funds, payables and revenue a credit one', () => {
    assert.equal(normalSideOf('BANK'), 'DEBIT');
    assert.equal(normalSideOf('RECEIVABLE_FROM_GROUPS'), 'DEBIT');
    assert.equal(normalSideOf('RESERVE_FUND'), 'CREDIT');
    assert.equal(normalSideOf('ADMIN_FEE_REVENUE'), 'CREDIT');
  });
});

describe('INCOME_BUCKET_ORDER', () => {
  it('is the fixed order of the income allocation: common fund, reserve, letters, refunds, closing balances', () =>
    assert.deepEqual(INCOME_BUCKET_ORDER, [
      'COMMON_FUND',
      'RESERVE_FUND',
      'CREDIT_LETTER',
      'AWARDED_REFUND',
      'CLOSING_BALANCE',
    ]));
  it('credits each bucket to the group account that holds it', () =>
    assert.deepEqual(
      INCOME_BUCKET_ORDER.map((k) => INCOME_BUCKET_ACCOUNT[k]),
      ['COMMON_FUND', 'RESERVE_FUND', 'CREDITS_PAYABLE', 'REFUNDS_PAYABLE', 'MEMBER_BALANCES_PAYABLE'],
    ));
});
