import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addDays } from '@consorcio/shared/clock';
import { ageReceivables, AGING_BUCKETS, bucketOf, daysOverdue } from '../../src/reports/aging';

describe('reports: delinquency aging', () => {
  it('counts days after the effective due date into 1-30, 31-60, 61-90, 91-180 and over 180', () => {
    assert.equal(daysOverdue('2025-02-05', '2025-02-05'), 0);
    assert.equal(daysOverdue('2025-02-05', '2025-01-05'), 0);
    assert.equal(daysOverdue('2025-02-05', '2025-02-06'), 1);
    assert.deepEqual([1, 30, 31, 60, 61, 90, 91, 180, 181, 5000].map(bucketOf), [0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
    const aging = ageReceivables(
      [
        { quotaId: 'a', effectiveDueOn: '2025-03-01', amount: 100n }, // 0 days: not due
        { quotaId: 'a', effectiveDueOn: '2025-02-01', amount: 200n }, // 28 days
        { quotaId: 'b', effectiveDueOn: '2024-12-01', amount: 300n }, // 90 days
        { quotaId: 'b', effectiveDueOn: '2024-01-01', amount: 400n }, // 425 days
      ],
      '2025-03-01',
    );
    assert.deepEqual(
      aging.buckets.map((b) => [b.label, b.installments, b.quotas, b.amount]),
      [
        ['1-30 days', 1, 1, 200n],
        ['31-60 days', 0, 0, 0n],
        ['61-90 days', 1, 1, 300n],
        ['91-180 days', 0, 0, 0n],
        ['over 180 days', 1, 1, 400n],
      ],
    );
    assert.deepEqual(
      [aging.overdueInstallments, aging.overdueAmount, aging.delinquentQuotas, aging.notDueAmount, aging.receivable],
      [3, 900n, 2, 100n, 1000n],
    );
  });

  it('keeps every centavo: Σ buckets = overdue, overdue + not due = every receivable', () => {
    const receivable = fc.record({
      quotaId: fc.constantFrom('q1', 'q2', 'q3', 'q4'),
      offset: fc.integer({ min: -60, max: 800 }),
      amount: fc.bigInt({ min: 0n, max: 10n ** 12n }),
    });
    fc.assert(
      fc.property(fc.array(receivable, { maxLength: 40 }), (rs) => {
        const asOf = '2025-06-30';
        const input = rs.map((r) => ({
          quotaId: r.quotaId,
          effectiveDueOn: addDays(asOf, -r.offset),
          amount: r.amount,
        }));
        const a = ageReceivables(input, asOf);
        const all = input.reduce((s, r) => s + r.amount, 0n);
        const overdue = rs.filter((r) => r.offset > 0);
        assert.equal(
          a.buckets.reduce((s, b) => s + b.amount, 0n),
          a.overdueAmount,
        );
        assert.equal(a.overdueAmount + a.notDueAmount, all);
        assert.equal(a.receivable, all);
        assert.equal(a.overdueInstallments, overdue.length);
        assert.equal(a.delinquentQuotas, new Set(overdue.map((r) => r.quotaId)).size);
        assert.equal(a.buckets.length, AGING_BUCKETS.length);
      }),
    );
  });
});
