import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ValidationError } from '@consorcio/shared/errors';
import { closingFcReturn, excludedRefund } from '../../../src/domain/ledger-index';

describe('excludedRefund', () => {
  it('refunds 22 installments of 1.3888 % awarded at C = 6 274 068: gross 1 916 954, penalty 191 695, net 1 725 259', () => {
    const fcPaidPct = 22n * 13_888n;
    assert.equal(fcPaidPct, 305_536n);
    assert.deepEqual(excludedRefund({ creditValue: 6_274_068n, fcPaidPct, exclusionPenaltyPct: 100_000n }), {
      gross: 1_916_954n,
      penalty: 191_695n,
      net: 1_725_259n,
    });
  });
  it('refunds (120,1) of §6.9 at 12.4992 %: gross 749 952, penalty 74 995, net 674 957', () =>
    assert.deepEqual(excludedRefund({ creditValue: 6_000_000n, fcPaidPct: 124_992n, exclusionPenaltyPct: 100_000n }), {
      gross: 749_952n,
      penalty: 74_995n,
      net: 674_957n,
    }));
  it('refunds the gross when the penalty is set to 0', () =>
    assert.deepEqual(excludedRefund({ creditValue: 6_000_000n, fcPaidPct: 124_992n, exclusionPenaltyPct: 0n }), {
      gross: 749_952n,
      penalty: 0n,
      net: 749_952n,
    }));
  it('refunds nothing to a record that paid no common fund', () =>
    assert.deepEqual(excludedRefund({ creditValue: 6_000_000n, fcPaidPct: 0n, exclusionPenaltyPct: 100_000n }), {
      gross: 0n,
      penalty: 0n,
      net: 0n,
    }));
  it('refuses a credit value of 0 and percentages outside 0..100 %', () => {
    assert.throws(() => excludedRefund({ creditValue: 0n, fcPaidPct: 1n, exclusionPenaltyPct: 0n }), ValidationError);
    assert.throws(
      () => excludedRefund({ creditValue: 1n, fcPaidPct: 1_000_001n, exclusionPenaltyPct: 0n }),
      ValidationError,
    );
    assert.throws(() => excludedRefund({ creditValue: 1n, fcPaidPct: 1n, exclusionPenaltyPct: -1n }), ValidationError);
  });
  it('never refunds more than the gross nor a negative amount (property)', () =>
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 10n }),
        fc.bigInt({ min: 0n, max: 1_000_000n }),
        fc.bigInt({ min: 0n, max: 1_000_000n }),
        (creditValue, fcPaidPct, exclusionPenaltyPct) => {
          const r = excludedRefund({ creditValue, fcPaidPct, exclusionPenaltyPct });
          assert.equal(r.gross, r.penalty + r.net);
          assert.ok(r.net >= 0n && r.penalty >= 0n && r.gross <= creditValue);
        },
      ),
    ));
});

describe('closingFcReturn', () => {
  it('returns the FC percentage at C_T without penalty: 30.5536 % of 6 274 068 = 1 916 954', () =>
    assert.equal(closingFcReturn({ creditValue: 6_274_068n, fcPaidPct: 305_536n }), 1_916_954n));
  it('refuses a percentage above 100 %', () =>
    assert.throws(() => closingFcReturn({ creditValue: 1n, fcPaidPct: 1_000_001n }), ValidationError));
});
