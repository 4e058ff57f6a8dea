import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  adjustedCreditValue,
  cancellationConversionPct,
  cashOutAmount,
  checkGuaranteeCoverage,
  checkIndexConfirmation,
  checkPaymentCapacity,
  creditAmount,
  isAdjustmentPeriod,
  release,
} from '../../../src/domain';

const rule = (fn: () => unknown, code: RegExp) =>
  assert.throws(
    fn,
    (e: Error & { code?: string }) => e.name === 'RuleViolation' && code.test(`${e.code ?? ''} ${e.message}`),
  );

describe('credit letter money (§9)', () => {
  it('issues C − E, fixed: G-DEMO quota 115 with 25 % embedded gets 4 500 000 (§13.4)', () => {
    assert.equal(creditAmount(6_000_000n, 1_500_000n), 4_500_000n);
    assert.equal(creditAmount(6_000_000n, 0n), 6_000_000n);
    assert.throws(() => creditAmount(6_000_000n, 6_000_000n), /embedded_centavos/);
  });

  it('checks payment capacity against 30 % of the proven income (D-06)', () => {
    assert.equal(
      checkPaymentCapacity({ installment: 103_071n, provenMonthlyIncome: 400_000n, maxIncomeCommitmentPct: 300_000n }),
      120_000n,
    );
    rule(
      () =>
        checkPaymentCapacity({
          installment: 103_071n,
          provenMonthlyIncome: 300_000n,
          maxIncomeCommitmentPct: 300_000n,
        }),
      /insufficient_income|exceeds 90000/,
    );
  });

  it('checks guarantee coverage against 100 % of the outstanding balance (D-06), naming the shortfall', () => {
    assert.equal(
      checkGuaranteeCoverage({
        appraisedValue: 5_000_000n,
        outstandingBalance: 4_700_000n,
        minGuaranteeCoveragePct: 1_000_000n,
      }),
      4_700_000n,
    );
    rule(
      () =>
        checkGuaranteeCoverage({
          appraisedValue: 4_000_000n,
          outstandingBalance: 4_700_000n,
          minGuaranteeCoveragePct: 1_000_000n,
        }),
      /700000 centavos of complementary/,
    );
  });

  it('releases at most the balance, and asset costs at most 10 % of the credit (§9.5 a)', () => {
    assert.deepEqual(release({ balance: 6_000_000n, amount: 2_000_000n, creditAmount: 6_000_000n, kind: 'SELLER' }), {
      balanceAfter: 4_000_000n,
      complete: false,
    });
    assert.deepEqual(release({ balance: 4_000_000n, amount: 4_000_000n, creditAmount: 6_000_000n, kind: 'SELLER' }), {
      balanceAfter: 0n,
      complete: true,
    });
    rule(
      () => release({ balance: 4_000_000n, amount: 4_000_001n, creditAmount: 6_000_000n, kind: 'SELLER' }),
      /exceeds the letter's balance/,
    );
    rule(
      () =>
        release({
          balance: 4_000_000n,
          amount: 100_001n,
          creditAmount: 6_000_000n,
          kind: 'ASSET_COSTS',
          assetCostsSoFar: 500_000n,
        }),
      /asset_costs_cap|exceed 10 %/,
    );
    assert.throws(() => release({ balance: 1n, amount: 0n, creditAmount: 1n, kind: 'CASH' }), /amount_centavos/);
  });

  it('never releases more than was issued, however the releases are cut', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10_000_000n }),
        fc.array(fc.bigInt({ min: 1n, max: 3_000_000n }), { maxLength: 20 }),
        (credit, asks) => {
          let balance = credit;
          let paid = 0n;
          for (const amount of asks) {
            try {
              const r = release({ balance, amount, creditAmount: credit, kind: 'SELLER' });
              balance = r.balanceAfter;
              paid += amount;
            } catch {
              // refused: nothing moves
            }
          }
          assert.equal(paid + balance, credit);
          assert.ok(balance >= 0n);
        },
      ),
    );
  });

  it('allows a cash-out 180 days after contemplation with nothing owed, or after the last assembly net of overdue (§9.6)', () => {
    const base = {
      balance: 6_000_000n,
      daysSinceContemplation: 180,
      creditCashOutDays: 180,
      outstandingBalance: 0n,
      lastAssemblyHeld: false,
      overdueAmount: 0n,
    };
    assert.equal(cashOutAmount(base), 6_000_000n);
    rule(() => cashOutAmount({ ...base, daysSinceContemplation: 179 }), /179 of the 180 days/);
    rule(() => cashOutAmount({ ...base, outstandingBalance: 1n }), /still owes 1 centavos/);
    assert.equal(
      cashOutAmount({
        ...base,
        daysSinceContemplation: 10,
        outstandingBalance: 900_000n,
        lastAssemblyHeld: true,
        overdueAmount: 206_142n,
      }),
      5_793_858n,
    );
  });

  it('converts the update difference of a cancelled contemplation to a percentage of C now (§9.8)', () => {
    // (6 274 068 − 6 000 000) × 10^6 / 6 274 068 = 43 682.78… → 43 683 pct units (4.3683 %)
    assert.equal(
      cancellationConversionPct({ creditValueNow: 6_274_068n, creditValueAtContemplation: 6_000_000n }),
      43_683n,
    );
    assert.equal(cancellationConversionPct({ creditValueNow: 6_000_000n, creditValueAtContemplation: 6_000_000n }), 0n);
  });
});

describe('annual adjustment (§10)', () => {
  it('reproduces G-DEMO: IPCA 4.5678 % → C_13 = 6 274 068', () => {
    assert.equal(adjustedCreditValue(6_000_000n, 45_678n), 6_274_068n);
    assert.equal(adjustedCreditValue(6_000_000n, -10_000n), 5_940_000n);
  });
  it('adjusts at periods 13, 25, 37 … only', () => {
    assert.deepEqual([1, 12, 13, 24, 25, 37].map(isAdjustmentPeriod), [false, false, true, false, true, true]);
  });
  it('needs a second operator to confirm an index value', () => {
    assert.throws(() => checkIndexConfirmation({ enteredBy: 'u1', confirmedBy: 'u1' }), /maker-checker/);
    assert.doesNotThrow(() => checkIndexConfirmation({ enteredBy: 'u1', confirmedBy: 'u2' }));
  });
});
