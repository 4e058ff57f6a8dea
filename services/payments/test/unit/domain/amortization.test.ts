import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatPctDecimal, split3 } from '@consorcio/shared/money';
import {
  AMORTIZATION_MODES,
  type AmortizationMode,
  ZERO_PCTS,
  addPcts,
  amortizationSplit,
  amortize,
  buildSchedule,
  expandSchedule,
  paidPcts,
  prepayment,
  remainingPcts,
  scheduleTotals,
  sumPcts,
} from '../../../src/domain';
import {
  DEMO_C,
  DEMO_SCHEDULE,
  arbSchedule,
  assertInvalid,
  assertNonNegative,
  assertRule,
} from './installment-fixtures';

/** G-DEMO quota 40 after paying installment 11 (the assembly 11 example), amortizing its 48.2500 % bid. */
const quota40 = (mode: AmortizationMode, pct = 482_500n) =>
  amortize({ schedule: DEMO_SCHEDULE, paidCount: 11, paid: paidPcts(DEMO_SCHEDULE, 11), pct, mode });

const show = (p: { fc: bigint; af: bigint; fr: bigint }): string[] => [p.fc, p.af, p.fr].map(formatPctDecimal);

describe('amortize', () => {
  it('splits the 48.2500 % bid into (400 748, 72 133, 9 619) and leaves 446 484 / 80 367 / 10 718', () => {
    const a = quota40('REDUCE_TERM');
    assert.deepEqual(a.remainingBefore, { fc: 847_232n, af: 152_500n, fr: 20_337n });
    assert.deepEqual(a.split, { fc: 400_748n, af: 72_133n, fr: 9_619n });
    assert.deepEqual(a.remaining, { fc: 446_484n, af: 80_367n, fr: 10_718n });
    assert.equal(a.countBefore, 61);
  });
  it('adds the split to the paid percentages', () =>
    assert.deepEqual(quota40('REDUCE_TERM').paid, {
      fc: 11n * 13_888n + 400_748n,
      af: 11n * 2_500n + 72_133n,
      fr: 11n * 333n + 9_619n,
    }));
  it('REDUCE_TERM: pays ⌊482 500 / 16 721⌋ = 28 installments off, leaving 33 from period 12', () => {
    const a = quota40('REDUCE_TERM');
    assert.equal(a.count, 33);
    assert.equal(a.schedule.firstPeriod, 12);
    assert.equal(a.schedule.count, 33);
  });
  it('REDUCE_TERM: rebuilds FC 1.3529 % ×32 + 1.3556 %, AF 0.2435 % ×32 + 0.2447 %, FR 0.0324 % ×32 + 0.0350 %', () => {
    const { schedule } = quota40('REDUCE_TERM');
    assert.deepEqual(show(schedule.regular), ['1.3529%', '0.2435%', '0.0324%']);
    assert.deepEqual(show(schedule.last), ['1.3556%', '0.2447%', '0.0350%']);
  });
  it('REDUCE_INSTALLMENT: keeps 61 installments of FC 0.7319 % ×60 + 0.7344 %, AF 0.1317 % ×60 + 0.1347 %, FR 0.0175 % ×60 + 0.0218 %', () => {
    const a = quota40('REDUCE_INSTALLMENT');
    assert.equal(a.count, 61);
    assert.deepEqual(a.split, quota40('REDUCE_TERM').split);
    assert.deepEqual(show(a.schedule.regular), ['0.7319%', '0.1317%', '0.0175%']);
    assert.deepEqual(show(a.schedule.last), ['0.7344%', '0.1347%', '0.0218%']);
  });
  it('settles the record with 0 installments left when it amortizes everything that remains', () => {
    const a = quota40('REDUCE_TERM', 1_020_069n);
    assert.deepEqual(a.remaining, ZERO_PCTS);
    assert.equal(a.count, 0);
    assert.equal(a.schedule.count, 0);
    assert.deepEqual(a.paid, { fc: 1_000_000n, af: 180_000n, fr: 24_000n });
  });
  it('leaves one installment when the bid covers more installments than remain but not everything', () => {
    const a = quota40('REDUCE_TERM', 1_020_068n);
    assert.equal(a.count, 1);
    assert.equal(sumPcts(a.remaining), 1n);
  });
  it('never lets FC go below 0 when the bid is one unit short of everything (the unit goes to the admin fee)', () => {
    // split3(1 020 068, …) floors AF to 152 499 and FR to 20 336, which would give FC 847 233 > 847 232.
    assert.deepEqual(split3(1_020_068n, 847_232n, 152_500n, 20_337n), { fc: 847_233n, af: 152_499n, fr: 20_336n });
    const a = quota40('REDUCE_TERM', 1_020_068n);
    assert.deepEqual(a.split, { fc: 847_232n, af: 152_500n, fr: 20_336n });
    assert.deepEqual(a.remaining, { fc: 0n, af: 0n, fr: 1n });
    assert.deepEqual(a.schedule, {
      firstPeriod: 12,
      count: 1,
      regular: { fc: 0n, af: 0n, fr: 1n },
      last: { fc: 0n, af: 0n, fr: 1n },
    });
  });
  it('uses the last installment’s percentage when one installment is left', () => {
    // Installment 72 is 13 952 + 2 500 + 357 = 16 809; a 1.6809 % prepayment pays exactly it.
    const a = amortize({
      schedule: DEMO_SCHEDULE,
      paidCount: 71,
      paid: paidPcts(DEMO_SCHEDULE, 71),
      pct: 10_000n,
      mode: 'REDUCE_TERM',
    });
    assert.equal(a.countBefore, 1);
    assert.equal(a.count, 1);
    assert.equal(a.schedule.firstPeriod, 72);
  });
  it('leaves one installment when the next installment is 0 % (a thin remainder carried only by the last one)', () => {
    const thin = buildSchedule({ fc: 5n, af: 0n, fr: 0n }, 10, 20);
    const a = amortize({ schedule: thin, paidCount: 0, paid: ZERO_PCTS, pct: 2n, mode: 'REDUCE_TERM' });
    assert.equal(a.count, 1);
    assert.deepEqual(a.schedule.last, { fc: 3n, af: 0n, fr: 0n });
  });
  it('refuses a bid above the remaining 102.0069 % with exceeds_remaining_balance', () =>
    assertRule(() => quota40('REDUCE_TERM', 1_020_070n), 'exceeds_remaining_balance', ['1020070', '1020069']));
  it('refuses an amortization of a fully paid schedule with nothing_to_amortize', () =>
    assertRule(
      () =>
        amortize({
          schedule: DEMO_SCHEDULE,
          paidCount: 72,
          paid: paidPcts(DEMO_SCHEDULE, 72),
          pct: 1n,
          mode: 'REDUCE_TERM',
        }),
      'nothing_to_amortize',
    ));
  for (const pct of [0n, -1n])
    it(`rejects ${pct} pct units on pct`, () => assertInvalid(() => quota40('REDUCE_TERM', pct), ['pct']));
  it('rejects an unknown mode on amortization_mode', () =>
    assertInvalid(() => quota40('REDUCE_BOTH' as AmortizationMode), ['amortization_mode']));
  it('rejects more paid installments than the schedule has on paid_count', () =>
    assertInvalid(
      () => amortize({ schedule: DEMO_SCHEDULE, paidCount: 73, paid: ZERO_PCTS, pct: 1n, mode: 'REDUCE_TERM' }),
      ['paid_count'],
    ));

  const arbCase = arbSchedule
    .filter((s) => s.count > 0)
    .chain((s) => fc.tuple(fc.constant(s), fc.integer({ min: 0, max: s.count - 1 })))
    .chain(([s, k]) =>
      fc.tuple(
        fc.constant(s),
        fc.constant(k),
        fc.bigInt({ min: 1n, max: sumPcts(remainingPcts(s, k)) }),
        fc.constantFrom(...AMORTIZATION_MODES),
      ),
    );
  it('never takes more than remains of any component and never leaves a negative percentage (property)', () =>
    fc.assert(
      fc.property(arbCase, ([schedule, paidCount, pct, mode]) => {
        const a = amortize({ schedule, paidCount, paid: paidPcts(schedule, paidCount), pct, mode });
        assertNonNegative(a.split, 'split');
        assertNonNegative(a.remaining, 'remaining');
        assert.ok(
          a.split.fc <= a.remainingBefore.fc &&
            a.split.af <= a.remainingBefore.af &&
            a.split.fr <= a.remainingBefore.fr,
        );
        assert.equal(sumPcts(a.split), pct);
        for (const p of expandSchedule(a.schedule)) assertNonNegative(p, 'rebuilt installment');
      }),
    ));
  it('conserves the percentages: paid + remaining is the plan before and after, and the new schedule adds up to what remains (property)', () =>
    fc.assert(
      fc.property(arbCase, ([schedule, paidCount, pct, mode]) => {
        const paid = paidPcts(schedule, paidCount);
        const a = amortize({ schedule, paidCount, paid, pct, mode });
        assert.deepEqual(addPcts(a.paid, a.remaining), scheduleTotals(schedule));
        assert.deepEqual(addPcts(a.remaining, a.split), a.remainingBefore);
        assert.deepEqual(scheduleTotals(a.schedule), a.remaining);
        assert.equal(a.schedule.firstPeriod, schedule.firstPeriod + paidCount);
        assert.ok(a.count <= a.countBefore);
        assert.equal(a.count === 0, sumPcts(a.remaining) === 0n);
        if (mode === 'REDUCE_INSTALLMENT' && a.count > 0) assert.equal(a.count, a.countBefore);
      }),
    ));
});

describe('amortizationSplit', () => {
  it('is split3 when the common fund has room: 48.2500 % over 84.7232 / 15.2500 / 2.0337', () =>
    assert.deepEqual(amortizationSplit(482_500n, { fc: 847_232n, af: 152_500n, fr: 20_337n }), {
      fc: 400_748n,
      af: 72_133n,
      fr: 9_619n,
    }));
  it('moves the unit FC has not got to the admin fee (remaining 1/1/1, pct 2)', () =>
    assert.deepEqual(amortizationSplit(2n, { fc: 1n, af: 1n, fr: 1n }), { fc: 1n, af: 1n, fr: 0n }));
  it('needs no cap with only one floored component (no admin fee left: remaining 1/0/2, pct 2)', () =>
    assert.deepEqual(amortizationSplit(2n, { fc: 1n, af: 0n, fr: 2n }), { fc: 1n, af: 0n, fr: 1n }));
  it('is exact when everything remaining is amortized', () =>
    assert.deepEqual(amortizationSplit(6n, { fc: 1n, af: 2n, fr: 3n }), { fc: 1n, af: 2n, fr: 3n }));
  it('refuses more than remains with exceeds_remaining_balance', () =>
    assertRule(() => amortizationSplit(7n, { fc: 1n, af: 2n, fr: 3n }), 'exceeds_remaining_balance'));
  it('rejects 0 pct units on pct', () =>
    assertInvalid(() => amortizationSplit(0n, { fc: 1n, af: 2n, fr: 3n }), ['pct']));
  it('is split3 whenever split3 leaves FC within what remains, and never leaves a negative remainder (property)', () =>
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 2_000n }),
        fc.bigInt({ min: 0n, max: 2_000n }),
        fc.bigInt({ min: 0n, max: 2_000n }),
        fc.integer({ min: 0, max: 1000 }),
        (f, a, r, perMille) => {
          fc.pre(f + a + r > 0n);
          const pct = 1n + ((f + a + r - 1n) * BigInt(perMille)) / 1000n;
          const remaining = { fc: f, af: a, fr: r };
          const s = amortizationSplit(pct, remaining);
          const plain = split3(pct, f, a, r);
          if (plain.fc <= f) assert.deepEqual(s, plain);
          else assert.deepEqual(s, { fc: f, af: plain.af + 1n, fr: plain.fr });
          assert.ok(s.fc <= f && s.af <= a && s.fr <= r);
          assert.equal(s.fc + s.af + s.fr, pct);
        },
      ),
    ));
  it('rejects a negative remaining percentage on remaining', () =>
    assertInvalid(() => amortizationSplit(1n, { fc: -1n, af: 5n, fr: 0n }), ['remaining']));
});

describe('prepayment', () => {
  const input = (pct: bigint, creditValue = DEMO_C) => ({
    schedule: DEMO_SCHEDULE,
    paidCount: 11,
    paid: paidPcts(DEMO_SCHEDULE, 11),
    pct,
    mode: 'REDUCE_TERM' as const,
    creditValue,
  });
  it('charges applyPct(C, 10 %) = 600 000 and shortens the 61 installments left by ⌊100 000 / 16 721⌋ = 5', () => {
    const p = prepayment(input(100_000n));
    assert.equal(p.amount, 600_000n);
    assert.equal(p.amortization.count, 56);
    assert.deepEqual(p.amortization.split, split3(100_000n, 847_232n, 152_500n, 20_337n));
  });
  it('posts the money split over the remaining components (split3 of the amount)', () => {
    const p = prepayment(input(100_000n));
    assert.deepEqual(p.amountSplit, split3(600_000n, 847_232n, 152_500n, 20_337n));
    assert.equal(p.amountSplit.fc + p.amountSplit.af + p.amountSplit.fr, 600_000n);
  });
  it('charges at the credit value of the day (6 274 068: 627 407)', () =>
    assert.equal(prepayment(input(100_000n, 6_274_068n)).amount, 627_407n));
  it('refuses more than the remaining total with exceeds_remaining_balance', () =>
    assertRule(() => prepayment(input(1_020_070n)), 'exceeds_remaining_balance'));
  it('rejects a credit value of 0 on credit_value_centavos', () =>
    assertInvalid(() => prepayment(input(100_000n, 0n)), ['credit_value_centavos']));
});
