import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  QUOTA_STATUSES,
  type QuotaStatus,
  onContemplated,
  onCurrent,
  onDelinquent,
  onFirstInstallmentPaid,
  onLastInstallmentPaid,
} from '../../../src/domain';
import { assertRule } from './fixtures';

/** For each status, `fn` returns what `expected` maps it to, or null when the status is not listed. */
function table(fn: (s: QuotaStatus) => unknown, expected: Partial<Record<QuotaStatus, unknown>>): void {
  for (const status of QUOTA_STATUSES) {
    const want = expected[status] ?? null;
    it(`${status} → ${want === null ? 'no change' : JSON.stringify(want)}`, () => assert.deepEqual(fn(status), want));
  }
}

describe('onFirstInstallmentPaid', () => table(onFirstInstallmentPaid, { ENROLLED: 'ACTIVE' }));

describe('onCurrent', () => table(onCurrent, { DELINQUENT: 'ACTIVE', CONTEMPLATED_DELINQUENT: 'CONTEMPLATED' }));

describe('onLastInstallmentPaid', () =>
  table(onLastInstallmentPaid, { CONTEMPLATED: 'SETTLED', CONTEMPLATED_DELINQUENT: 'SETTLED' }));

describe('onDelinquent', () => {
  describe('below the threshold (1 of 3 overdue)', () =>
    table((s) => onDelinquent(s, 1, 3), {
      ACTIVE: { status: 'DELINQUENT', exclude: false },
      DELINQUENT: { status: 'DELINQUENT', exclude: false },
      CONTEMPLATED: { status: 'CONTEMPLATED_DELINQUENT', exclude: false },
      CONTEMPLATED_DELINQUENT: { status: 'CONTEMPLATED_DELINQUENT', exclude: false },
    }));
  describe('at the threshold (3 of 3 overdue)', () =>
    table((s) => onDelinquent(s, 3, 3), {
      ACTIVE: { status: 'DELINQUENT', exclude: true },
      DELINQUENT: { status: 'DELINQUENT', exclude: true },
      CONTEMPLATED: { status: 'CONTEMPLATED_DELINQUENT', exclude: false },
      CONTEMPLATED_DELINQUENT: { status: 'CONTEMPLATED_DELINQUENT', exclude: false },
    }));
  it('does not exclude one short of the threshold', () =>
    assert.deepEqual(onDelinquent('DELINQUENT', 2, 3), { status: 'DELINQUENT', exclude: false }));
  it('excludes past the threshold too (a missed daily run)', () =>
    assert.equal(onDelinquent('DELINQUENT', 4, 3)?.exclude, true));
  it('excludes at the first overdue installment with threshold 1', () =>
    assert.equal(onDelinquent('ACTIVE', 1, 1)?.exclude, true));
  it('excludes a non-contemplated record exactly when the count reaches the threshold, never a contemplated one (property)', () =>
    fc.assert(
      fc.property(
        fc.constantFrom(...QUOTA_STATUSES),
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 1, max: 3 }),
        (status, count, threshold) => {
          const out = onDelinquent(status, count, threshold);
          if (status === 'ACTIVE' || status === 'DELINQUENT') return out?.exclude === count >= threshold;
          if (status === 'CONTEMPLATED' || status === 'CONTEMPLATED_DELINQUENT') return out?.exclude === false;
          return out === null;
        },
      ),
    ));
});

describe('onContemplated', () => {
  it('moves ACTIVE to CONTEMPLATED', () => assert.equal(onContemplated('ACTIVE'), 'CONTEMPLATED'));
  for (const status of QUOTA_STATUSES.filter((s) => s !== 'ACTIVE'))
    it(`refuses a ${status} record with contemplation_not_allowed`, () =>
      assertRule(() => onContemplated(status), 'contemplation_not_allowed', [status]));
});
