import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  type GroupParams,
  type GroupParamsInput,
  minQuotasToConstitute,
  paramField,
  resolveGroupParams,
  validateGroupCode,
} from '../../../src/domain';
import { DEMO_INPUT, DEMO_PARAMS, assertInvalid } from './fixtures';

const resolveWith = (patch: GroupParamsInput): GroupParams => resolveGroupParams({ ...DEMO_INPUT, ...patch });

describe('resolveGroupParams', () => {
  it('fills every default of domain.md §2.1', () => {
    assert.deepEqual(DEMO_PARAMS, {
      assetCategory: 'VEHICLE',
      creditValue: 6_000_000n,
      maxQuotas: 300,
      termMonths: 72,
      adminFeeTotalPct: 180_000n,
      adminFeeUpfrontPct: 0n,
      reserveFundTotalPct: 24_000n,
      insuranceMonthlyPct: 380n,
      adjustmentIndex: 'IPCA',
      drawsPerAssembly: 1,
      excludedDrawsPerAssembly: 1,
      extraDrawsWhenFundsRemain: true,
      freeBidsEnabled: true,
      fixedBidsEnabled: false,
      fixedBidPct: null,
      fixedBidSlotsPerAssembly: 1,
      embeddedBidMaxPct: 0n,
      maxBidContemplationsPerAssembly: 0,
      alternatesCount: 3,
      bidPaymentDeadlineBusinessDays: 3,
      lateFinePct: 20_000n,
      lateInterestMonthlyPct: 10_000n,
      lateFeesGroupSharePct: 500_000n,
      exclusionThreshold: 3,
      exclusionPenaltyPct: 100_000n,
      transferFeePct: 2_500n,
      transferFeeContemplatedPct: 5_000n,
      maxQuotaSharePerMemberPct: 100_000n,
      formationDeadlineDays: 90,
      minGuaranteeCoveragePct: 1_000_000n,
      maxIncomeCommitmentPct: 300_000n,
      creditCashOutDays: 180,
      unclaimedPermanenceFeePct: 0n,
      dueDay: 10,
    });
  });

  it('defaults reserve and insurance to 0 when absent', () => {
    const p = resolveGroupParams({ ...DEMO_INPUT, reserveFundTotalPct: undefined, insuranceMonthlyPct: undefined });
    assert.equal(p.reserveFundTotalPct, 0n);
    assert.equal(p.insuranceMonthlyPct, 0n);
  });

  it('keeps given values over the defaults, false booleans included', () => {
    const p = resolveWith({
      extraDrawsWhenFundsRemain: false,
      freeBidsEnabled: false,
      drawsPerAssembly: 2,
      lateFinePct: 0n,
      dueDay: 5,
    });
    assert.equal(p.extraDrawsWhenFundsRemain, false);
    assert.equal(p.freeBidsEnabled, false);
    assert.equal(p.drawsPerAssembly, 2);
    assert.equal(p.lateFinePct, 0n);
    assert.equal(p.dueDay, 5);
  });

  const required: [keyof GroupParams, string][] = [
    ['assetCategory', 'parameters.asset_category'],
    ['creditValue', 'parameters.credit_value_centavos'],
    ['maxQuotas', 'parameters.max_quotas'],
    ['termMonths', 'parameters.term_months'],
    ['adminFeeTotalPct', 'parameters.admin_fee_total_pct'],
    ['adjustmentIndex', 'parameters.adjustment_index'],
  ];
  for (const [key, field] of required) {
    it(`requires ${key} (field ${field})`, () => {
      const err = assertInvalid(() => resolveWith({ [key]: undefined }), [field]);
      assert.equal(err.violations[0]?.rule, 'is required');
    });
  }

  it('collects every violation into one ValidationError', () => {
    const err = assertInvalid(
      () => resolveGroupParams({ dueDay: 29, lateFinePct: 20_001n }),
      [...required.map(([, f]) => f), 'parameters.due_day', 'parameters.late_fine_pct'],
    );
    assert.match(err.message, /parameters\.credit_value_centavos: is required/);
  });

  it('rejects an unknown asset category or adjustment index', () => {
    assertInvalid(
      () => resolveWith({ assetCategory: 'BOAT' as never, adjustmentIndex: 'SELIC' as never }),
      ['parameters.asset_category', 'parameters.adjustment_index'],
    );
  });

  for (const assetCategory of ['VEHICLE', 'REAL_ESTATE', 'MOVABLE_OTHER', 'SERVICES'] as const)
    it(`accepts asset category ${assetCategory}`, () =>
      assert.equal(resolveWith({ assetCategory }).assetCategory, assetCategory));
  for (const adjustmentIndex of ['INCC', 'IPCA', 'IGPM', 'NONE'] as const)
    it(`accepts adjustment index ${adjustmentIndex}`, () =>
      assert.equal(resolveWith({ adjustmentIndex }).adjustmentIndex, adjustmentIndex));

  // [parameter, values just inside the bounds, values just outside]
  const bounds: [keyof GroupParams, (bigint | number)[], (bigint | number)[]][] = [
    ['creditValue', [1n, 10n ** 15n], [0n, -1n]],
    ['maxQuotas', [2, 99_999], [1, 100_000, 2.5]],
    ['termMonths', [6, 240], [5, 241]],
    ['adminFeeTotalPct', [0n, 1_000_000n], [-1n, 1_000_001n]],
    ['adminFeeUpfrontPct', [0n, 180_000n], [-1n, 180_001n, 1_000_001n]],
    ['reserveFundTotalPct', [0n, 1_000_000n], [-1n, 1_000_001n]],
    ['insuranceMonthlyPct', [0n, 1_000_000n], [-1n, 1_000_001n]],
    ['drawsPerAssembly', [1, 50], [0, -1, 1.5]],
    ['excludedDrawsPerAssembly', [0, 5], [-1]],
    ['fixedBidSlotsPerAssembly', [1], [0]],
    ['embeddedBidMaxPct', [0n, 1_000_000n], [-1n, 1_000_001n]],
    ['maxBidContemplationsPerAssembly', [0, 10], [-1]],
    ['alternatesCount', [0, 10], [-1]],
    ['bidPaymentDeadlineBusinessDays', [1], [0]],
    ['lateFinePct', [0n, 20_000n], [-1n, 20_001n]],
    ['lateInterestMonthlyPct', [0n, 10_000n], [-1n, 10_001n]],
    ['lateFeesGroupSharePct', [0n, 1_000_000n], [-1n, 1_000_001n]],
    ['exclusionThreshold', [1, 3], [0, 4]],
    ['exclusionPenaltyPct', [0n, 1_000_000n], [-1n, 1_000_001n]],
    ['transferFeePct', [0n, 1_000_000n], [-1n, 1_000_001n]],
    ['transferFeeContemplatedPct', [0n, 1_000_000n], [-1n, 1_000_001n]],
    ['maxQuotaSharePerMemberPct', [1n, 1_000_000n], [0n, 1_000_001n]],
    ['formationDeadlineDays', [1, 365], [0]],
    ['minGuaranteeCoveragePct', [0n, 1_300_000n], [-1n]],
    ['maxIncomeCommitmentPct', [1n, 1_000_000n], [0n, 1_000_001n]],
    ['creditCashOutDays', [0, 180], [-1]],
    ['unclaimedPermanenceFeePct', [0n, 1_000_000n], [-1n, 1_000_001n]],
    ['dueDay', [1, 28], [0, 29]],
  ];
  for (const [key, inside, outside] of bounds) {
    for (const v of inside) it(`accepts ${key} = ${v}`, () => assert.equal(resolveWith({ [key]: v })[key], v));
    for (const v of outside)
      it(`rejects ${key} = ${v} on ${paramField(key)}`, () => {
        const err = assertInvalid(() => resolveWith({ [key]: v }), [paramField(key)]);
        assert.ok(err.message.startsWith(`${paramField(key)}: must`), err.message);
      });
  }

  it('rejects a non-boolean flag', () => {
    assertInvalid(() => resolveWith({ freeBidsEnabled: 'yes' as never }), ['parameters.free_bids_enabled']);
  });

  it('names the upfront fee cap after the total fee', () => {
    const err = assertInvalid(
      () => resolveWith({ adminFeeUpfrontPct: 180_001n }),
      ['parameters.admin_fee_upfront_pct'],
    );
    assert.match(err.message, /must not exceed admin_fee_total_pct \(18\.0000%\)/);
  });

  it('shows a percentage range both in pct units and as a percentage', () => {
    const err = assertInvalid(() => resolveWith({ lateFinePct: 20_001n }), ['parameters.late_fine_pct']);
    assert.equal(err.message, 'parameters.late_fine_pct: must be between 0 (0.0000%) and 20000 (2.0000%) pct units');
  });

  describe('fixed bids', () => {
    it('stores a null fixedBidPct when fixed bids are disabled', () => assert.equal(DEMO_PARAMS.fixedBidPct, null));
    it('requires fixedBidPct when fixed bids are enabled', () => {
      const err = assertInvalid(() => resolveWith({ fixedBidsEnabled: true }), ['parameters.fixed_bid_pct']);
      assert.match(err.message, /required when fixed bids are enabled/);
    });
    for (const v of [1n, 250_000n, 1_000_000n])
      it(`accepts fixedBidPct = ${v} with fixed bids enabled`, () =>
        assert.equal(resolveWith({ fixedBidsEnabled: true, fixedBidPct: v }).fixedBidPct, v));
    for (const v of [0n, -1n, 1_000_001n])
      it(`rejects fixedBidPct = ${v} with fixed bids enabled`, () =>
        assertInvalid(() => resolveWith({ fixedBidsEnabled: true, fixedBidPct: v }), ['parameters.fixed_bid_pct']));
    it('refuses a fixedBidPct while fixed bids are disabled', () => {
      assertInvalid(() => resolveWith({ fixedBidPct: 250_000n }), ['parameters.fixed_bid_pct']);
      assertInvalid(
        () => resolveWith({ fixedBidsEnabled: false, fixedBidPct: 250_000n }),
        ['parameters.fixed_bid_pct'],
      );
    });
  });

  it('never returns a parameter outside its bounds (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -5, max: 300 }),
        fc.bigInt({ min: -10n, max: 1_100_000n }),
        fc.integer({ min: -2, max: 40 }),
        (term, fee, due) => {
          try {
            const p = resolveWith({ termMonths: term, adminFeeTotalPct: fee, dueDay: due });
            return p.termMonths >= 6 && p.termMonths <= 240 && fee >= 0n && fee <= 1_000_000n && due >= 1 && due <= 28;
          } catch {
            return term < 6 || term > 240 || fee < 0n || fee > 1_000_000n || due < 1 || due > 28;
          }
        },
      ),
    );
  });
});

describe('paramField', () => {
  it('maps camelCase to the proto field path, credit value with its _centavos suffix', () => {
    assert.equal(paramField('creditValue'), 'parameters.credit_value_centavos');
    assert.equal(paramField('maxQuotaSharePerMemberPct'), 'parameters.max_quota_share_per_member_pct');
    assert.equal(paramField('bidPaymentDeadlineBusinessDays'), 'parameters.bid_payment_deadline_business_days');
    assert.equal(paramField('dueDay'), 'parameters.due_day');
  });
});

describe('validateGroupCode', () => {
  for (const code of ['G', 'G-DEMO', 'grupo_2025-01', 'A'.repeat(40), '0123456789'])
    it(`accepts "${code}"`, () => assert.equal(validateGroupCode(code), code));
  for (const code of ['', 'A'.repeat(41), 'G DEMO', 'G/1', 'grupo.1', 'ção', ' G'])
    it(`rejects "${code}" on field code`, () => assertInvalid(() => validateGroupCode(code), ['code']));
});

describe('minQuotasToConstitute', () => {
  it('needs 71 quotas for one draw of R$ 60.000,00 at 833,28 + 19,98 per quota (domain.md §2.3)', () =>
    assert.equal(minQuotasToConstitute(DEMO_PARAMS, 83_328n, 1_998n), 71));
  it('scales with the draws per assembly: ⌈2 × 6 000 000 / 85 326⌉ = 141', () =>
    assert.equal(minQuotasToConstitute({ ...DEMO_PARAMS, drawsPerAssembly: 2 }, 83_328n, 1_998n), 141));
  it('does not round up an exact division', () => assert.equal(minQuotasToConstitute(DEMO_PARAMS, 100_000n, 0n), 60));
  it('rounds up one centavo short of exact', () => assert.equal(minQuotasToConstitute(DEMO_PARAMS, 99_999n, 0n), 61));
  it('refuses a zero or negative amount per quota', () => {
    assert.throws(() => minQuotasToConstitute(DEMO_PARAMS, 0n, 0n), RangeError);
    assert.throws(() => minQuotasToConstitute(DEMO_PARAMS, -1n, 5n), RangeError);
  });
  it('is the smallest count whose installments cover the draws (property)', () =>
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 9n }),
        fc.bigInt({ min: 1n, max: 10n ** 7n }),
        fc.integer({ min: 1, max: 5 }),
        (c, per, draws) => {
          const n = BigInt(minQuotasToConstitute({ ...DEMO_PARAMS, creditValue: c, drawsPerAssembly: draws }, per, 0n));
          const needed = BigInt(draws) * c;
          return n * per >= needed && (n - 1n) * per < needed;
        },
      ),
    ));
});
