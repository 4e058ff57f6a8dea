import assert from 'node:assert/strict';
import { retainUntilAt } from '../../src/domain/retention';

describe('retention', () => {
  const policy = { yearsAfterClosing: 5, unboundDays: 365 };

  it("keeps a group's documents with no date while it is open, then 5 years after it closed", () => {
    assert.equal(retainUntilAt('2026-03-01', { closedOn: null }, policy), null);
    assert.equal(retainUntilAt('2026-03-01', { closedOn: '2030-07-15' }, policy), '2035-07-15');
  });

  it("keeps a member's upload without a group for its days", () => {
    assert.equal(retainUntilAt('2026-03-01', undefined, policy), '2027-03-01');
  });
});
