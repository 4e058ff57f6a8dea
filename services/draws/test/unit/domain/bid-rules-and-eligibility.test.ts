import assert from 'node:assert/strict';
import { brazilianBankHolidaySet } from '@consorcio/shared/clock';
import {
  bidPaymentDeadline,
  checkBid,
  isEligible,
  isExcludedCandidate,
  settleDefault,
  type BidContext,
  type BidRequest,
} from '../../../src/domain';

const deadline = new Date('2025-03-17T20:00:00Z');
const ctx = (over: Partial<BidContext> = {}): BidContext => ({
  params: { freeBidsEnabled: true, fixedBidsEnabled: true, fixedBidPct: 300_000n, embeddedBidMaxPct: 300_000n },
  recordStatus: 'ACTIVE',
  delinquent: false,
  remainingPct: 1_020_069n,
  now: new Date('2025-03-17T19:59:59.999Z'),
  deadline,
  ...over,
});
const req = (over: Partial<BidRequest> = {}): BidRequest => ({
  mode: 'FREE',
  bidPct: 482_500n,
  embeddedPct: 0n,
  amortizationMode: undefined,
  ...over,
});
const invalid = (fn: () => unknown, field: RegExp) =>
  assert.throws(fn, (e: Error & { violations?: { field: string }[] }) => {
    assert.equal(e.name, 'ValidationError');
    assert.ok((e.violations ?? []).some((v) => field.test(v.field)) || field.test(e.message), e.message);
    return true;
  });
const rule = (fn: () => unknown, code: string) =>
  assert.throws(fn, (e: Error & { code?: string }) => {
    assert.equal(e.name, 'RuleViolation');
    assert.match(e.message, new RegExp(code));
    return true;
  });

describe('checkBid (§6.6 table)', () => {
  it('accepts a valid FREE bid and defaults to REDUCE_TERM', () => {
    assert.deepEqual(checkBid(req(), ctx()), { mode: 'FREE', amortizationMode: 'REDUCE_TERM' });
  });
  it('refuses the shape of a bid with INVALID_ARGUMENT naming the field', () => {
    invalid(() => checkBid(req({ bidPct: 0n }), ctx()), /bid_pct/);
    invalid(() => checkBid(req({ embeddedPct: 500_000n }), ctx()), /embedded_pct/);
    invalid(() => checkBid(req({ mode: 'FIXED', bidPct: 250_000n }), ctx()), /bid_pct/);
    invalid(
      () =>
        checkBid(
          req({ mode: 'FIXED', bidPct: 300_000n }),
          ctx({ params: { ...ctx().params, fixedBidsEnabled: false } }),
        ),
      /mode/,
    );
    invalid(
      () => checkBid(req({ embeddedPct: 10_000n }), ctx({ params: { ...ctx().params, embeddedBidMaxPct: 0n } })),
      /embedded_pct/,
    );
    invalid(() => checkBid(req({ embeddedPct: 310_000n, bidPct: 400_000n }), ctx()), /embedded_pct/);
    invalid(() => checkBid(req({ mode: undefined }), ctx()), /mode/);
  });
  it('refuses the record or the moment with FAILED_PRECONDITION', () => {
    rule(() => checkBid(req(), ctx({ recordStatus: 'CONTEMPLATED' })), 'record_not_eligible');
    rule(() => checkBid(req(), ctx({ delinquent: true })), 'record_not_eligible');
    rule(() => checkBid(req({ bidPct: 1_020_070n }), ctx()), 'exceeds_remaining_balance');
    rule(() => checkBid(req(), ctx({ now: new Date(deadline.getTime() + 1) })), 'bidding_closed');
    rule(() => checkBid(req(), ctx({ now: deadline })), 'bidding_closed');
  });
});

describe('eligibility at the snapshot (§6.2)', () => {
  const base = {
    status: 'ACTIVE',
    periodInstallment: { effectiveDueOn: '2025-03-10', paidOn: '2025-03-10' },
    oldestUnpaidEffectiveDue: null,
  };
  it('takes an ACTIVE record that paid its period on time and owes nothing overdue', () => {
    assert.equal(isEligible(base, '2025-03-17'), true);
    assert.equal(isEligible({ ...base, periodInstallment: null }, '2025-03-17'), true);
  });
  it('bars a record that paid the period late, did not pay it, owes an earlier one, or is not ACTIVE', () => {
    assert.equal(
      isEligible({ ...base, periodInstallment: { effectiveDueOn: '2025-03-10', paidOn: '2025-03-11' } }, '2025-03-17'),
      false,
    );
    assert.equal(
      isEligible({ ...base, periodInstallment: { effectiveDueOn: '2025-03-10', paidOn: null } }, '2025-03-17'),
      false,
    );
    assert.equal(isEligible({ ...base, oldestUnpaidEffectiveDue: '2025-02-10' }, '2025-03-17'), false);
    assert.equal(isEligible({ ...base, status: 'DELINQUENT' }, '2025-03-17'), false);
  });
  it('takes excluded records whose exclusion is before the snapshot as candidates', () => {
    assert.equal(isExcludedCandidate({ status: 'EXCLUDED', excludedOn: '2025-03-01' }, '2025-03-17'), true);
    assert.equal(isExcludedCandidate({ status: 'EXCLUDED', excludedOn: '2025-03-17' }, '2025-03-17'), false);
    assert.equal(isExcludedCandidate({ status: 'REFUND_AWARDED', excludedOn: '2025-03-01' }, '2025-03-17'), false);
  });
});

describe('settlement (§6.7)', () => {
  const holidays = brazilianBankHolidaySet(2025, 2025);
  it('counts the bid payment deadline in business days, past weekends and holidays', () => {
    assert.equal(bidPaymentDeadline('2025-03-20', 3, holidays), '2025-03-25'); // Thu → Fri, Mon, Tue
    assert.equal(bidPaymentDeadline('2025-02-27', 3, holidays), '2025-03-06'); // Carnival Mon/Tue skipped
    assert.throws(() => bidPaymentDeadline('2025-03-20', 0, holidays), /bid_payment_deadline_business_days/);
  });
  it('promotes the first alternate into a defaulted place when the freed funds pay it', () => {
    const s = settleDefault({
      available: 500_000n,
      defaultedNetCost: 4_000_000n,
      alternates: [
        { bidId: 'a', netCost: 4_200_000n },
        { bidId: 'b', netCost: 100n },
      ],
    });
    assert.deepEqual(s, { available: 300_000n, promoted: 'a', alternates: [{ bidId: 'b', netCost: 100n }] });
  });
});
