import assert from 'node:assert/strict';
import fc from 'fast-check';
import { RuleViolation, ValidationError } from '@consorcio/shared/errors';
import { PCT_SCALE } from '@consorcio/shared/money';
import {
  type ComponentPcts,
  type InsuranceTerms,
  type PlanRates,
  type Schedule,
  enrollmentPlan,
} from '../../../src/domain';

/** G-DEMO: C = R$ 60.000,00, T = 72, admin 18 %, reserve 2.4 %, insurance 0.038 %/month. */
export const DEMO_C = 6_000_000n;
export const DEMO_T = 72;
export const DEMO_RATES: PlanRates = {
  adminFeeTotalPct: 180_000n,
  adminFeeUpfrontPct: 0n,
  reserveFundTotalPct: 24_000n,
};
export const DEMO_INSURANCE: InsuranceTerms = { optIn: true, monthlyPct: 380n };
export const NO_INSURANCE: InsuranceTerms = { optIn: false, monthlyPct: 380n };
/** A founder's schedule in G-DEMO: 72 installments from period 1. */
export const DEMO_SCHEDULE: Schedule = enrollmentPlan({
  rates: DEMO_RATES,
  termMonths: DEMO_T,
  assembliesHeld: 0,
}).schedule;
/** No bank holidays. */
export const NO_HOLIDAYS: ReadonlySet<string> = new Set<string>();

/** Asserts that `fn` throws a RuleViolation with `rule` whose message mentions every text in `mentions`. */
export function assertRule(fn: () => unknown, rule: string, mentions: readonly string[] = []): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof RuleViolation, `expected a RuleViolation, got ${String(err)}`);
    assert.equal(err.rule, rule);
    for (const text of mentions) assert.ok(err.message.includes(text), `"${err.message}" should mention "${text}"`);
    return true;
  });
}

/** Asserts that `fn` throws a ValidationError whose violations are exactly on `fields` (in any order). */
export function assertInvalid(fn: () => unknown, fields: readonly string[]): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ValidationError, `expected a ValidationError, got ${String(err)}`);
    assert.deepEqual(err.violations.map((v) => v.field).sort(), [...fields].sort());
    return true;
  });
}

/** Plan rates of any group: admin fee and reserve 0..100 %, upfront part 0..admin fee. */
export const arbRates: fc.Arbitrary<PlanRates> = fc
  .tuple(
    fc.bigInt({ min: 0n, max: PCT_SCALE }),
    fc.bigInt({ min: 0n, max: PCT_SCALE }),
    fc.integer({ min: 0, max: 1000 }),
  )
  .map(([admin, reserve, perMille]) => ({
    adminFeeTotalPct: admin,
    // Some per-mille of the admin fee, from none of it to all of it.
    adminFeeUpfrontPct: (admin * BigInt(perMille)) / 1000n,
    reserveFundTotalPct: reserve,
  }));

/** A term 6..240 and a number of assemblies already held when the record was sold (0..T−1). */
export const arbTermAndJoin: fc.Arbitrary<{ termMonths: number; assembliesHeld: number }> = fc
  .integer({ min: 6, max: 240 })
  .chain((termMonths) =>
    fc.record({ termMonths: fc.constant(termMonths), assembliesHeld: fc.integer({ min: 0, max: termMonths - 1 }) }),
  );

/** A record's schedule for any plan, term and joining point. */
export const arbSchedule: fc.Arbitrary<Schedule> = fc
  .tuple(arbRates, arbTermAndJoin)
  .map(([rates, tj]) => enrollmentPlan({ rates, ...tj }).schedule);

/** A credit value from 1 centavo to R$ 100 million. */
export const arbCreditValue: fc.Arbitrary<bigint> = fc.bigInt({ min: 1n, max: 10_000_000_000n });

/** Every component ≥ 0. */
export function assertNonNegative(p: ComponentPcts, what: string): void {
  assert.ok(p.fc >= 0n && p.af >= 0n && p.fr >= 0n, `${what} has a negative component: ${JSON.stringify(p, big)}`);
}

function big(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
