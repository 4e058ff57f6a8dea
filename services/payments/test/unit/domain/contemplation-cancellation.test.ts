import assert from 'node:assert/strict';
import { buildSchedule, cancelContemplation, planTotals, sumPcts, scheduleTotals } from '../../../src/domain';

describe('cancelContemplation (§9.8)', () => {
  const rates = { adminFeeTotalPct: 180_000n, adminFeeUpfrontPct: 0n, reserveFundTotalPct: 24_000n };
  const schedule = buildSchedule(planTotals(rates), 72);

  it('moves the converted percentage from paid FC back to the FC still to pay, over the same installments', () => {
    const paid = { fc: 22n * 13_888n, af: 22n * 2_500n, fr: 22n * 333n };
    const r = cancelContemplation({ schedule, billedCount: 22, paid, conversionPct: 43_683n });
    assert.equal(r.paid.fc, 22n * 13_888n - 43_683n);
    assert.equal(r.schedule.count, 50);
    assert.equal(r.schedule.firstPeriod, 23);
    const totals = scheduleTotals(r.schedule);
    // What remains plus what was paid is the whole plan again: nothing is lost or created.
    assert.equal(totals.fc + r.paid.fc, 1_000_000n);
    assert.equal(sumPcts(totals) + sumPcts(r.paid), sumPcts(planTotals(rates)));
  });

  it('refuses a conversion above what the record paid', () => {
    assert.throws(
      () =>
        cancelContemplation({
          schedule,
          billedCount: 1,
          paid: { fc: 13_888n, af: 0n, fr: 0n },
          conversionPct: 13_889n,
        }),
      /conversion_pct/,
    );
  });
});
