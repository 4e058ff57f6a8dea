import assert from 'node:assert/strict';
import { ValidationError } from '@consorcio/shared/errors';
import { resolveGroupParams } from '../../../src/domain';
import { DEMO_INPUT } from './fixtures';

describe('plan defaults from the settings service', () => {
  it('fill the late fine and interest a plan omits', () => {
    const p = resolveGroupParams(DEMO_INPUT, { lateFinePct: 15_000n, lateInterestMonthlyPct: 5_000n });
    assert.deepEqual([p.lateFinePct, p.lateInterestMonthlyPct], [15_000n, 5_000n]);
  });

  it('never override a value the plan sets', () => {
    const p = resolveGroupParams({ ...DEMO_INPUT, lateFinePct: 1_000n }, { lateFinePct: 15_000n });
    assert.equal(p.lateFinePct, 1_000n);
  });

  it('leave the built-in defaults when absent', () => {
    const p = resolveGroupParams(DEMO_INPUT, {});
    assert.deepEqual([p.lateFinePct, p.lateInterestMonthlyPct], [20_000n, 10_000n]);
  });

  it('still obey the legal caps', () => {
    assert.throws(() => resolveGroupParams(DEMO_INPUT, { lateFinePct: 30_000n }), ValidationError);
  });
});
