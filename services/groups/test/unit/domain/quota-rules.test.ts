import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  OCCUPYING_STATUSES,
  QUOTA_STATUSES,
  type GroupStatus,
  type QuotaStatus,
  checkConcentrationCap,
  checkCoolingOff,
  checkEnrollment,
  checkTransfer,
  checkWithdrawal,
  transferFee,
} from '../../../src/domain';
import { ALL_GROUP_STATUSES, DEMO_PARAMS, assertInvalid, assertRule, groupIn, quota } from './fixtures';

describe('OCCUPYING_STATUSES', () => {
  it('are the statuses that hold a seat', () =>
    assert.deepEqual([...OCCUPYING_STATUSES].sort(), [
      'ACTIVE',
      'CONTEMPLATED',
      'CONTEMPLATED_DELINQUENT',
      'DELINQUENT',
      'ENROLLED',
      'SETTLED',
    ]));
});

describe('checkEnrollment', () => {
  const forming = groupIn('FORMING');
  it('plans version 1 paying from period 1 for a first sale in a FORMING group', () =>
    assert.deepEqual(checkEnrollment({ group: forming, seat: 12, currentRecord: null }), {
      number: 12,
      version: 1,
      replacement: false,
      enrolledAtPeriod: 1,
    }));
  it('starts a sale after k assemblies at period k + 1', () =>
    assert.equal(
      checkEnrollment({ group: groupIn('ACTIVE', { assembliesHeld: 5 }), seat: 1, currentRecord: null })
        .enrolledAtPeriod,
      6,
    ));
  it('resells an AVAILABLE seat as a replacement quota keeping its version', () =>
    assert.deepEqual(
      checkEnrollment({
        group: groupIn('ACTIVE', { assembliesHeld: 10, params: { ...DEMO_PARAMS, maxQuotas: 1000 } }),
        seat: 528,
        currentRecord: quota({ number: 528, version: 3, status: 'AVAILABLE', memberId: null }),
      }),
      { number: 528, version: 3, replacement: true, enrolledAtPeriod: 11 },
    ));
  for (const status of ALL_GROUP_STATUSES.filter((s) => s !== 'FORMING' && s !== 'ACTIVE'))
    it(`refuses a ${status} group with group_not_open_for_enrollment`, () =>
      assertRule(
        () => checkEnrollment({ group: groupIn(status), seat: 1, currentRecord: null }),
        'group_not_open_for_enrollment',
        [status],
      ));
  it('sells until assembly T−1 is held (T−2 held)', () =>
    assert.equal(
      checkEnrollment({ group: groupIn('ACTIVE', { assembliesHeld: 70 }), seat: 1, currentRecord: null })
        .enrolledAtPeriod,
      71,
    ));
  it('closes sales once assembly T−1 is held with enrollment_closed', () =>
    assertRule(
      () => checkEnrollment({ group: groupIn('ACTIVE', { assembliesHeld: 71 }), seat: 1, currentRecord: null }),
      'enrollment_closed',
      ['ACTIVE', '71'],
    ));
  for (const seat of [1, 300])
    it(`accepts seat ${seat} of 300`, () =>
      assert.equal(checkEnrollment({ group: forming, seat, currentRecord: null }).number, seat));
  for (const seat of [0, -1, 301, 1.5])
    it(`rejects seat ${seat} of 300 on field number`, () =>
      assertInvalid(() => checkEnrollment({ group: forming, seat, currentRecord: null }), ['number']));
  for (const status of QUOTA_STATUSES.filter((s) => s !== 'AVAILABLE'))
    it(`refuses a seat whose current record is ${status} with seat_taken`, () =>
      assertRule(
        () => checkEnrollment({ group: forming, seat: 7, currentRecord: quota({ number: 7, version: 2, status }) }),
        'seat_taken',
        [status, '007-2'],
      ));
});

describe('checkConcentrationCap', () => {
  const cap =
    (groupStatus: GroupStatus, heldAfter: number, activeAfter: number, maxSharePct = 100_000n, maxQuotas = 300) =>
    () =>
      checkConcentrationCap({ groupStatus, maxQuotas, heldAfter, activeAfter, maxSharePct });
  it('lets a member hold 20 of 200 active quotas at 10 %', () => assert.equal(cap('ACTIVE', 20, 200)(), undefined));
  it('refuses the 21st of 200 with concentration_cap naming held and allowed', () =>
    assertRule(cap('ACTIVE', 21, 200), 'concentration_cap', ['21', 'at most 20', '10.0000%', '200 active']));
  it('counts the maximum number of seats while the group is FORMING', () => {
    assert.equal(cap('FORMING', 1, 1)(), undefined);
    assert.equal(cap('FORMING', 30, 30)(), undefined);
    assertRule(cap('FORMING', 31, 40), 'concentration_cap', ['31', 'at most 30', '300 seats']);
  });
  it('counts the active quotas once the group is ACTIVE', () =>
    assertRule(cap('ACTIVE', 1, 1), 'concentration_cap', ['at most 0']));
  it('allows everything at a 100 % cap', () => assert.equal(cap('ACTIVE', 300, 300, 1_000_000n)(), undefined));
  it('compares exactly, without rounding the allowed share', () => {
    assert.equal(cap('ACTIVE', 1, 10)(), undefined); // 1 × 1 000 000 ≤ 10 × 100 000
    assertRule(cap('ACTIVE', 2, 19), 'concentration_cap', ['at most 1']); // 1.9 allowed
  });
  const verdict = (held: number, active: number, pct: bigint): boolean => {
    try {
      cap('ACTIVE', held, active, pct)();
      return true;
    } catch {
      return false;
    }
  };
  it('is monotonic: fewer held, more active or a higher cap never turns an allowed sale into a refusal (property)', () =>
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 0, max: 20_000 }),
        fc.bigInt({ min: 1n, max: 1_000_000n }),
        (held, active, pct) => {
          if (!verdict(held, active, pct)) return true;
          return (
            verdict(Math.max(0, held - 1), active, pct) &&
            verdict(held, active + 1, pct) &&
            verdict(held, active, pct + 1n > 1_000_000n ? pct : pct + 1n)
          );
        },
      ),
    ));
  it('agrees with the exact inequality held × 1 000 000 ≤ active × pct (property)', () =>
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2000 }),
        fc.integer({ min: 0, max: 20_000 }),
        fc.bigInt({ min: 1n, max: 1_000_000n }),
        (held, active, pct) => verdict(held, active, pct) === BigInt(held) * 1_000_000n <= BigInt(active) * pct,
      ),
    ));
});

describe('checkCoolingOff', () => {
  const check =
    (overrides: Parameters<typeof quota>[0], today = '2025-03-01', assembliesHeldNow = 0) =>
    () =>
      checkCoolingOff({ quota: quota(overrides), today, assembliesHeldNow });
  for (const status of ['ENROLLED', 'ACTIVE'] as const)
    for (const channel of ['ONLINE', 'PHONE'] as const)
      it(`allows an ${status} record sold by ${channel} on the day of sale`, () =>
        assert.equal(check({ status, channel })(), undefined));
  it('allows the 7th day after the sale', () => assert.equal(check({}, '2025-03-08')(), undefined));
  it('refuses the 8th day with cooling_off_expired', () =>
    assertRule(check({}, '2025-03-09'), 'cooling_off_expired', ['ACTIVE', '2025-03-01']));
  it('refuses an on-premises sale with cooling_off_on_premises', () =>
    assertRule(check({ channel: 'PREMISES' }), 'cooling_off_on_premises', ['ACTIVE', 'PREMISES']));
  it('refuses once an assembly was held after the sale with cooling_off_after_assembly', () => {
    assertRule(check({ assembliesHeldAtEnrollment: 3 }, '2025-03-02', 4), 'cooling_off_after_assembly', ['ACTIVE']);
    assert.equal(check({ assembliesHeldAtEnrollment: 3 }, '2025-03-02', 3)(), undefined);
  });
  for (const status of QUOTA_STATUSES.filter((s) => s !== 'ENROLLED' && s !== 'ACTIVE'))
    it(`refuses a ${status} record with cooling_off_not_allowed`, () =>
      assertRule(check({ status }), 'cooling_off_not_allowed', [status]));
});

describe('checkTransfer', () => {
  for (const status of ['ACTIVE', 'CONTEMPLATED', 'SETTLED'] as const)
    it(`allows a ${status} record`, () => assert.equal(checkTransfer(quota({ status })), undefined));
  for (const status of QUOTA_STATUSES.filter((s) => !['ACTIVE', 'CONTEMPLATED', 'SETTLED'].includes(s)))
    it(`refuses a ${status} record with transfer_not_allowed`, () =>
      assertRule(() => checkTransfer(quota({ status })), 'transfer_not_allowed', [status]));
  it('says a DELINQUENT record has an overdue installment', () =>
    assertRule(() => checkTransfer(quota({ status: 'DELINQUENT' })), 'transfer_not_allowed', ['overdue installment']));
});

describe('transferFee', () => {
  const fee = (status: QuotaStatus, creditValueNow = 6_000_000n) =>
    transferFee({ params: DEMO_PARAMS, creditValueNow, status });
  it('charges 0.25 % of R$ 60.000,00 = R$ 150,00 for a non-contemplated record', () =>
    assert.equal(fee('ACTIVE'), 15_000n));
  for (const status of ['CONTEMPLATED', 'CONTEMPLATED_DELINQUENT', 'SETTLED'] as const)
    it(`charges 0.50 % = R$ 300,00 for a ${status} record`, () => assert.equal(fee(status), 30_000n));
  for (const status of ['ENROLLED', 'DELINQUENT'] as const)
    it(`charges the non-contemplated fee for a ${status} record`, () => assert.equal(fee(status), 15_000n));
  it('applies the fee to the credit value in force, rounding half up', () => {
    assert.equal(fee('ACTIVE', 6_123_457n), 15_309n); // 15 308.6425 → 15 309
    assert.equal(fee('ACTIVE', 200n), 1n); // 0.5 → 1
    assert.equal(fee('ACTIVE', 199n), 0n); // 0.4975 → 0
  });
  it('uses the group parameters, not the defaults', () =>
    assert.equal(
      transferFee({ params: { ...DEMO_PARAMS, transferFeePct: 0n }, creditValueNow: 6_000_000n, status: 'ACTIVE' }),
      0n,
    ));
});

describe('checkWithdrawal', () => {
  for (const status of ['ENROLLED', 'ACTIVE', 'DELINQUENT'] as const)
    it(`allows a ${status} record to leave`, () => assert.equal(checkWithdrawal(quota({ status })), undefined));
  for (const status of ['CONTEMPLATED', 'CONTEMPLATED_DELINQUENT', 'SETTLED'] as const)
    it(`never excludes a ${status} record`, () =>
      assertRule(() => checkWithdrawal(quota({ status })), 'contemplated_cannot_be_excluded', [status]));
  for (const status of ['AVAILABLE', 'EXCLUDED', 'REFUND_AWARDED', 'REFUNDED', 'WITHDRAWN', 'CLOSED'] as const)
    it(`refuses a ${status} record with withdrawal_not_allowed`, () =>
      assertRule(() => checkWithdrawal(quota({ status })), 'withdrawal_not_allowed', [status]));
});
