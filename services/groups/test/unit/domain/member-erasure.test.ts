import assert from 'node:assert/strict';
import { RuleViolation } from '@consorcio/shared/errors';
import { assertErasable, retentionOf, type HeldRecord } from '../../../src/domain';

const rec = (groupStatus: HeldRecord['groupStatus'], groupEndedOn: string | null = null): HeldRecord => ({
  quotaDisplay: '0528-2',
  groupStatus,
  groupEndedOn,
});

describe('member erasure (LGPD) and legal retention', () => {
  it('allows erasing a member who holds no quota', () => {
    assert.deepEqual(retentionOf([]), { until: null });
    assertErasable([], '2025-03-10');
  });

  it('refuses while a group of the member is not ended, naming the record', () => {
    for (const s of ['DRAFT', 'FORMING', 'ACTIVE', 'WINDING_UP'] as const) {
      assert.throws(
        () => assertErasable([rec('CLOSED', '2010-01-01'), rec(s)], '2025-03-10'),
        (e: unknown) => e instanceof RuleViolation && e.rule === 'legal_retention' && e.message.includes('0528-2'),
      );
    }
  });

  it('keeps the data 5 years after the last group ended (closed or cancelled), then allows erasing', () => {
    const records = [rec('CLOSED', '2019-06-30'), rec('CANCELLED', '2020-02-29')];
    assert.deepEqual(retentionOf(records), { until: '2025-02-28' });
    assert.throws(() => assertErasable(records, '2025-02-27'), /legal_retention: .* kept until 2025-02-28/);
    assertErasable(records, '2025-02-28');
  });
});
