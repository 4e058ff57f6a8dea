import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  type BookEntries,
  type JournalEntry,
  balances,
  bidPaidEntries,
  closingDistributionEntry,
  contemplationCancelledEntry,
  contemplationEntries,
  creditReleasedEntry,
  exclusionEntry,
  installmentBilledEntry,
  installmentPaidEntries,
  insuranceRemittanceEntry,
  investmentIncomeEntry,
  lateFeesPaidEntries,
  permanenceFeeEntries,
  refundAwardedEntry,
  refundPaidEntry,
  remittanceEntries,
  reverse,
  reserveCoverEntry,
  reserveExpenseEntry,
  revaluationCoverEntry,
  transferFeeEntry,
  upfrontFeePaidEntry,
  upfrontFeeRecognisedEntry,
} from '../../../src/domain/ledger-index';

const cents = (max = 10n ** 10n) => fc.bigInt({ min: 0n, max });
const positive = (max = 10n ** 10n) => fc.bigInt({ min: 1n, max });
const signedCents = fc.bigInt({ min: -10_000n, max: 10_000n });
const splitArb = fc.record({ fc: cents(), af: cents(), fr: cents() });

/** Every builder, fed random facts that the builder accepts. */
const anyPosting: fc.Arbitrary<JournalEntry[]> = fc.oneof(
  positive().map((a) => [upfrontFeePaidEntry(a), upfrontFeeRecognisedEntry(a)]),
  positive().map((t) => [installmentBilledEntry({ total: t })]),
  fc
    .record({
      billedTotal: positive(),
      fc: positive(),
      af: cents(),
      fr: cents(),
      ins: cents(),
      fundRevaluation: signedCents,
      priceDifference: fc.record({ fc: signedCents, af: signedCents, fr: signedCents, ins: signedCents }),
    })
    .filter(
      (f) =>
        f.fc +
          f.af +
          f.fr +
          f.ins +
          f.fundRevaluation +
          f.priceDifference.fc +
          f.priceDifference.af +
          f.priceDifference.fr +
          f.priceDifference.ins >
        0n,
    )
    .map((f) => pair(installmentPaidEntries(f))),
  fc.tuple(cents(), cents(), positive(1_000_000n)).map(([fine, interest, pct]) => {
    const fees = fine + interest + 1n;
    const adminShare = (fees * pct) / 1_000_000n;
    return pair(lateFeesPaidEntries({ fine: fine + 1n, interest, adminShare, groupShare: fees - adminShare }));
  }),
  fc
    .tuple(positive(), cents())
    .map(([adminFee, adminLateFees]) => pair(remittanceEntries({ adminFee, adminLateFees }))),
  positive().map((a) => [insuranceRemittanceEntry(a)]),
  splitArb.filter((s) => s.fc + s.af + s.fr > 0n).map((s) => pair(bidPaidEntries(s))),
  fc
    .tuple(positive(10n ** 9n), splitArb)
    .map(([extra, e]) => pair(contemplationEntries({ creditValue: e.fc + e.af + e.fr + extra, embedded: e }))),
  positive().map((a) => [reserveCoverEntry(a), revaluationCoverEntry(a), reserveExpenseEntry(a)]),
  positive().map((a) => [creditReleasedEntry({ amount: a }), contemplationCancelledEntry({ balance: a })]),
  fc
    .array(cents(), { minLength: 1, maxLength: 5 })
    .filter((xs) => xs.some((x) => x > 0n))
    .map((xs) => [
      investmentIncomeEntry(
        xs.map((amount, i) =>
          i === 0 ? { account: 'COMMON_FUND', amount } : { account: 'CREDITS_PAYABLE', subledger: `L${i}`, amount },
        ),
      ),
    ]),
  fc
    .array(positive(), { minLength: 1, maxLength: 5 })
    .map((xs) => [exclusionEntry(xs.map((b) => ({ billedTotal: b })))]),
  positive().map((a) => [refundAwardedEntry({ net: a }), refundPaidEntry({ amount: a })]),
  fc
    .array(fc.tuple(cents(), cents()), { minLength: 1, maxLength: 5 })
    .filter((xs) => xs.some(([a, b]) => a + b > 0n))
    .map((xs) => [
      closingDistributionEntry(
        xs.map(([fromCommonFund, fromReserveFund], i) => ({
          number: i + 1,
          version: 1,
          fromCommonFund,
          fromReserveFund,
        })),
      ),
    ]),
  positive().map((a) => [transferFeeEntry(a)]),
  fc
    .tuple(positive(), fc.constantFrom('MEMBER_BALANCES_PAYABLE', 'REFUNDS_PAYABLE', 'CREDITS_PAYABLE' as const))
    .map(([amount, from]) => pair(permanenceFeeEntries({ amount, from }))),
);

function pair(p: BookEntries): JournalEntry[] {
  return p.administrator === null ? [p.group] : [p.group, p.administrator];
}

describe('every builder (property)', () => {
  it('produces entries whose debits equal their credits, with one-sided positive lines', () =>
    fc.assert(
      fc.property(anyPosting, (entries) => {
        for (const e of entries) {
          assert.equal(
            e.lines.reduce((s, l) => s + l.debit, 0n),
            e.lines.reduce((s, l) => s + l.credit, 0n),
          );
          for (const l of e.lines) assert.ok(l.debit > 0n !== l.credit > 0n);
        }
      }),
      { numRuns: 500 },
    ));
  it('leaves every account of both books unchanged when its entries are reversed', () =>
    fc.assert(
      fc.property(anyPosting, (entries) => {
        for (const v of balances([...entries, ...entries.map(reverse)]).values()) assert.equal(v, 0n);
      }),
    ));
});
