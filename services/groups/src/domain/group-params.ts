import { type FieldViolation, ValidationError } from '@consorcio/shared/errors';
import { PCT_SCALE, formatPctDecimal } from '@consorcio/shared/money';
import {
  ADJUSTMENT_INDEXES,
  ASSET_CATEGORIES,
  type AdjustmentIndex,
  type AssetCategory,
  type GroupParams,
} from './types';

/** A group's parameters as a request carries them: anything may be missing; absent optional ones take defaults. */
export type GroupParamsInput = { [K in keyof GroupParams]?: GroupParams[K] | undefined };

type PctKey = { [K in keyof GroupParams]: GroupParams[K] extends bigint ? K : never }[keyof GroupParams];
type IntKey = { [K in keyof GroupParams]: GroupParams[K] extends number ? K : never }[keyof GroupParams];
type BoolKey = { [K in keyof GroupParams]: GroupParams[K] extends boolean ? K : never }[keyof GroupParams];

/**
 * Defaults of a new group's plan that the platform's settings may change (`groups.plan_defaults.*` in the settings
 * catalogue); a value the request carries always wins, and the bounds below still apply.
 */
export type PlanDefaults = Partial<Pick<GroupParams, 'lateFinePct' | 'lateInterestMonthlyPct'>>;

/** A default, or `undefined` when the parameter is required. */
interface Rule<T> {
  readonly dflt: T | undefined;
  readonly min: T;
  readonly max?: T;
}

// Percent parameters other than fixedBidPct (which depends on fixedBidsEnabled). Bounds are inclusive.
const PCT_RULES: Record<Exclude<PctKey, 'creditValue' | 'fixedBidPct'>, Rule<bigint>> = {
  adminFeeTotalPct: { dflt: undefined, min: 0n, max: PCT_SCALE },
  adminFeeUpfrontPct: { dflt: 0n, min: 0n, max: PCT_SCALE },
  reserveFundTotalPct: { dflt: 0n, min: 0n, max: PCT_SCALE },
  insuranceMonthlyPct: { dflt: 0n, min: 0n, max: PCT_SCALE },
  embeddedBidMaxPct: { dflt: 0n, min: 0n, max: PCT_SCALE },
  lateFinePct: { dflt: 20_000n, min: 0n, max: 20_000n }, // CDC art. 52 §1 caps the fine at 2 %
  lateInterestMonthlyPct: { dflt: 10_000n, min: 0n, max: 10_000n }, // 1 % a month, the legal rate
  lateFeesGroupSharePct: { dflt: 500_000n, min: 0n, max: PCT_SCALE },
  exclusionPenaltyPct: { dflt: 100_000n, min: 0n, max: PCT_SCALE },
  transferFeePct: { dflt: 2_500n, min: 0n, max: PCT_SCALE },
  transferFeeContemplatedPct: { dflt: 5_000n, min: 0n, max: PCT_SCALE },
  // 0 % would forbid every sale, so the cap must be positive.
  maxQuotaSharePerMemberPct: { dflt: 100_000n, min: 1n, max: PCT_SCALE },
  // Coverage above 100 % of the balance is a legitimate policy (e.g. 130 % for used vehicles): no upper bound.
  minGuaranteeCoveragePct: { dflt: PCT_SCALE, min: 0n },
  // 0 % of income would make every credit analysis fail.
  maxIncomeCommitmentPct: { dflt: 300_000n, min: 1n, max: PCT_SCALE },
  unclaimedPermanenceFeePct: { dflt: 0n, min: 0n, max: PCT_SCALE },
};

const INT_RULES: Record<IntKey, Rule<number>> = {
  maxQuotas: { dflt: undefined, min: 2, max: 99_999 },
  termMonths: { dflt: undefined, min: 6, max: 240 },
  drawsPerAssembly: { dflt: 1, min: 1 }, // the law demands at least one contemplation by draw
  excludedDrawsPerAssembly: { dflt: 1, min: 0 },
  fixedBidSlotsPerAssembly: { dflt: 1, min: 1 },
  maxBidContemplationsPerAssembly: { dflt: 0, min: 0 },
  alternatesCount: { dflt: 3, min: 0 },
  bidPaymentDeadlineBusinessDays: { dflt: 3, min: 1 },
  exclusionThreshold: { dflt: 3, min: 1, max: 3 }, // Res. 285: exclusion at most after 3 unpaid due dates
  formationDeadlineDays: { dflt: 90, min: 1 },
  creditCashOutDays: { dflt: 180, min: 0 },
  dueDay: { dflt: 10, min: 1, max: 28 }, // every month has a day 28
};

const BOOL_DEFAULTS: Record<BoolKey, boolean> = {
  extraDrawsWhenFundsRemain: true,
  freeBidsEnabled: true,
  fixedBidsEnabled: false,
};

/** The proto field path of a parameter, e.g. `parameters.admin_fee_total_pct`. */
export function paramField(key: keyof GroupParams): string {
  if (key === 'creditValue') return 'parameters.credit_value_centavos';
  return `parameters.${key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`;
}

function rangeText<T extends bigint | number>(rule: Rule<T>, show: (v: T) => string): string {
  return rule.max === undefined ? `at least ${show(rule.min)}` : `between ${show(rule.min)} and ${show(rule.max)}`;
}

const showPct = (v: bigint): string => `${v} (${formatPctDecimal(v)})`;

/**
 * Validates a group's parameters and fills in every default (domain.md §2.1; `planDefaults` first, where given).
 * Collects every violation first, so a caller fixes a form in one round trip.
 * @throws ValidationError naming each bad field as `parameters.<snake_case>`.
 */
export function resolveGroupParams(input: GroupParamsInput, planDefaults: PlanDefaults = {}): GroupParams {
  const violations: FieldViolation[] = [];
  const fail = (key: keyof GroupParams, rule: string): void => void violations.push({ field: paramField(key), rule });
  const out: Record<string, unknown> = {};

  const oneOf = <T extends string>(key: keyof GroupParams, allowed: readonly T[]): void => {
    const v = input[key];
    if (v == null) fail(key, 'is required');
    else if (!(allowed as readonly unknown[]).includes(v)) fail(key, `must be one of ${allowed.join(', ')}`);
    else out[key] = v;
  };
  oneOf<AssetCategory>('assetCategory', ASSET_CATEGORIES);
  oneOf<AdjustmentIndex>('adjustmentIndex', ADJUSTMENT_INDEXES);

  const credit = input.creditValue;
  if (credit == null) fail('creditValue', 'is required');
  else if (typeof credit !== 'bigint' || credit <= 0n) fail('creditValue', 'must be greater than 0 centavos');
  else out.creditValue = credit;

  for (const [key, rule] of Object.entries(PCT_RULES) as [keyof typeof PCT_RULES, Rule<bigint>][]) {
    const v = input[key] ?? planDefaults[key as keyof PlanDefaults] ?? rule.dflt;
    if (v == null) fail(key, 'is required');
    else if (typeof v !== 'bigint' || v < rule.min || (rule.max !== undefined && v > rule.max))
      fail(key, `must be ${rangeText(rule, showPct)} pct units`);
    else out[key] = v;
  }

  for (const [key, rule] of Object.entries(INT_RULES) as [IntKey, Rule<number>][]) {
    const v = input[key] ?? rule.dflt;
    if (v == null) fail(key, 'is required');
    else if (!Number.isSafeInteger(v) || v < rule.min || (rule.max !== undefined && v > rule.max))
      fail(key, `must be an integer ${rangeText(rule, String)}`);
    else out[key] = v;
  }

  for (const [key, dflt] of Object.entries(BOOL_DEFAULTS) as [BoolKey, boolean][]) {
    const v = input[key] ?? dflt;
    if (typeof v !== 'boolean') fail(key, 'must be true or false');
    else out[key] = v;
  }

  // Cross-field rules run only on values that passed their own check, so one mistake is reported once.
  const total = out.adminFeeTotalPct as bigint | undefined;
  const upfront = out.adminFeeUpfrontPct as bigint | undefined;
  if (total !== undefined && upfront !== undefined && upfront > total)
    fail('adminFeeUpfrontPct', `must not exceed admin_fee_total_pct (${formatPctDecimal(total)})`);

  // Required iff fixed bids are enabled: a value for a disabled mode would be silently ignored, so it is refused.
  const fixedPct = input.fixedBidPct;
  if (input.fixedBidsEnabled === true) {
    if (fixedPct == null) fail('fixedBidPct', 'is required when fixed bids are enabled');
    else if (typeof fixedPct !== 'bigint' || fixedPct <= 0n || fixedPct > PCT_SCALE)
      fail('fixedBidPct', `must be greater than 0 and at most ${showPct(PCT_SCALE)} pct units`);
    else out.fixedBidPct = fixedPct;
  } else if (fixedPct != null) {
    fail('fixedBidPct', 'must be absent unless fixed bids are enabled');
  } else {
    out.fixedBidPct = null;
  }

  ValidationError.throwIfAny(violations);
  return out as unknown as GroupParams;
}

const GROUP_CODE = /^[A-Za-z0-9_-]{1,40}$/;

/**
 * Checks a group code: 1..40 ASCII letters, digits, `-` or `_` (codes travel in URLs, file names and logs).
 * @throws ValidationError on field `code`.
 */
export function validateGroupCode(code: string): string {
  if (typeof code !== 'string' || !GROUP_CODE.test(code))
    throw new ValidationError('code', 'must be 1 to 40 characters of letters, digits, "-" or "_"');
  return code;
}

/**
 * The fewest sold quotas that can constitute the group (domain.md §2.3):
 * `⌈drawsPerAssembly × C_1 / (fc_1 + fr_1)⌉`, with `fc1`, `fr1` the common- and reserve-fund amounts of installment 1.
 * Example: C_1 = 6 000 000, fc1 + fr1 = 83 328 + 1 998, one draw → 71.
 */
export function minQuotasToConstitute(params: GroupParams, fc1: bigint, fr1: bigint): number {
  const perQuota = fc1 + fr1;
  if (fc1 < 0n || fr1 < 0n || perQuota <= 0n) throw new RangeError('fc1 + fr1 must be positive and neither negative');
  const needed = BigInt(params.drawsPerAssembly) * params.creditValue;
  return Number((needed + perQuota - 1n) / perQuota);
}
