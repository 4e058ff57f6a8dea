import { RuleViolation, ValidationError } from '@consorcio/shared/errors';
import { daysBetween } from '@consorcio/shared/clock';
import { PCT_SCALE, applyPct, formatPctDecimal } from '@consorcio/shared/money';
import { quotaLabel } from '@consorcio/shared/rules';
import type { GroupParams, GroupState, GroupStatus, QuotaRecord, QuotaStatus } from './types';

/** Off-premises enrollments may be cancelled within this many days of signing (CDC art. 49). */
export const COOLING_OFF_DAYS = 7;

/** Statuses in which a record holds its seat, so the seat cannot be sold to anyone else. */
export const OCCUPYING_STATUSES: readonly QuotaStatus[] = [
  'ENROLLED',
  'ACTIVE',
  'DELINQUENT',
  'CONTEMPLATED',
  'CONTEMPLATED_DELINQUENT',
  'SETTLED',
];

/** What an enrollment will create: the record `(number, version)` and the first period it pays. */
export interface EnrollmentPlan {
  readonly number: number;
  readonly version: number;
  /** True when a seat's later version is resold (a replacement quota, domain.md §3.1). */
  readonly replacement: boolean;
  readonly enrolledAtPeriod: number;
}

/**
 * Checks that `seat` can be sold now (domain.md §3.2 step 1): the group is FORMING or ACTIVE, assembly T−1 has not
 * been held yet, the seat exists, and its current record is absent (first sale) or AVAILABLE (resale).
 * @throws ValidationError on `number`; RuleViolation `group_not_open_for_enrollment`, `enrollment_closed`, `seat_taken`.
 */
export function checkEnrollment(input: {
  group: GroupState;
  seat: number;
  currentRecord: QuotaRecord | null;
}): EnrollmentPlan {
  const { group, seat, currentRecord } = input;
  if (group.status !== 'FORMING' && group.status !== 'ACTIVE')
    throw new RuleViolation(
      'group_not_open_for_enrollment',
      `group is ${group.status}; only a FORMING or ACTIVE group sells quotas`,
    );
  // After assembly T−1 only one installment is left: a newcomer would have to pay the whole plan in it.
  const lastAssemblyForSales = group.params.termMonths - 1;
  if (group.assembliesHeld >= lastAssemblyForSales)
    throw new RuleViolation(
      'enrollment_closed',
      `group is ${group.status} and has held ${group.assembliesHeld} of ${group.params.termMonths} assemblies; ` +
        `sales close after assembly ${lastAssemblyForSales}`,
    );
  if (!Number.isInteger(seat) || seat < 1 || seat > group.params.maxQuotas)
    throw new ValidationError('number', `must be a seat between 1 and ${group.params.maxQuotas}`);
  if (currentRecord !== null && currentRecord.status !== 'AVAILABLE')
    throw new RuleViolation(
      'seat_taken',
      `seat ${seat} is held by record ${quotaLabel(seat, currentRecord.version, group.params.maxQuotas)} ` +
        `in status ${currentRecord.status}`,
    );
  const version = currentRecord?.version ?? 1;
  return { number: seat, version, replacement: version > 1, enrolledAtPeriod: group.assembliesHeld + 1 };
}

/**
 * The Res. 285 concentration cap: `heldAfter × 1_000_000 ≤ denominator × maxSharePct`, counts taken after the
 * operation (the member's records, plus a linked spouse's, are the caller's to count).
 *
 * DECISION: while the group is FORMING (or DRAFT) the denominator is `maxQuotas`, the regulation's "maximum number
 * of active quotas of the group"; counting the records active so far would stop the first buyers of a forming group
 * from ever enrolling (1 held of 1 active is 100 %). Once the group is ACTIVE, the denominator is `activeAfter`.
 * Example: ACTIVE, 200 active after the sale, 10 % → at most 20 held.
 * @throws RuleViolation `concentration_cap` naming the held and allowed counts.
 */
export function checkConcentrationCap(input: {
  groupStatus: GroupStatus;
  maxQuotas: number;
  heldAfter: number;
  activeAfter: number;
  maxSharePct: bigint;
}): void {
  const forming = input.groupStatus === 'FORMING' || input.groupStatus === 'DRAFT';
  const denominator = BigInt(forming ? input.maxQuotas : input.activeAfter);
  const held = BigInt(input.heldAfter);
  if (held * PCT_SCALE <= denominator * input.maxSharePct) return;
  const allowed = (denominator * input.maxSharePct) / PCT_SCALE;
  throw new RuleViolation(
    'concentration_cap',
    `member would hold ${held} quotas; at most ${allowed} allowed (${formatPctDecimal(input.maxSharePct)} of ` +
      `${denominator} ${forming ? 'seats of a FORMING group' : 'active quotas'})`,
  );
}

/**
 * Checks that an enrollment may still be cancelled with a full refund (CDC art. 49, domain.md §3.2 step 5):
 * the record is ENROLLED or ACTIVE, was sold ONLINE or by PHONE, within 7 days of `today`, and no assembly was
 * held since the sale.
 * @throws RuleViolation `cooling_off_not_allowed`, `cooling_off_on_premises`, `cooling_off_expired`,
 * `cooling_off_after_assembly`.
 */
export function checkCoolingOff(input: { quota: QuotaRecord; today: string; assembliesHeldNow: number }): void {
  const { quota, today, assembliesHeldNow } = input;
  if (quota.status !== 'ENROLLED' && quota.status !== 'ACTIVE')
    throw new RuleViolation(
      'cooling_off_not_allowed',
      `quota is ${quota.status}; only an ENROLLED or ACTIVE record can cancel its enrollment`,
    );
  if (quota.channel !== 'ONLINE' && quota.channel !== 'PHONE')
    throw new RuleViolation(
      'cooling_off_on_premises',
      `quota is ${quota.status} and was sold ${quota.channel ?? 'with no channel'}; only ONLINE or PHONE sales ` +
        `have a cooling-off period`,
    );
  if (quota.enrolledOn === null || quota.assembliesHeldAtEnrollment === null)
    throw new Error(`quota ${quota.number}-${quota.version} is ${quota.status} but has no enrollment data`);
  const elapsed = daysBetween(quota.enrolledOn, today);
  if (elapsed > COOLING_OFF_DAYS)
    throw new RuleViolation(
      'cooling_off_expired',
      `quota is ${quota.status}; enrolled on ${quota.enrolledOn}, ${elapsed} days ago (limit ${COOLING_OFF_DAYS})`,
    );
  if (assembliesHeldNow > quota.assembliesHeldAtEnrollment)
    throw new RuleViolation(
      'cooling_off_after_assembly',
      `quota is ${quota.status}; ${assembliesHeldNow - quota.assembliesHeldAtEnrollment} assembly(ies) held since ` +
        `its enrollment`,
    );
}

const TRANSFERABLE: readonly QuotaStatus[] = ['ACTIVE', 'CONTEMPLATED', 'SETTLED'];

/**
 * Checks that a record's rights can be transferred (domain.md §3.4): only from ACTIVE, CONTEMPLATED or SETTLED.
 * The transferee's concentration cap and the bid-window rule are the caller's to check.
 * @throws RuleViolation `transfer_not_allowed` naming the status.
 */
export function checkTransfer(quota: QuotaRecord): void {
  if (TRANSFERABLE.includes(quota.status)) return;
  const why =
    quota.status === 'DELINQUENT' || quota.status === 'CONTEMPLATED_DELINQUENT'
      ? 'it has an overdue installment'
      : 'only ACTIVE, CONTEMPLATED or SETTLED records can be transferred';
  throw new RuleViolation('transfer_not_allowed', `quota is ${quota.status}; ${why}`);
}

const CONTEMPLATED_STATUSES: readonly QuotaStatus[] = ['CONTEMPLATED', 'CONTEMPLATED_DELINQUENT', 'SETTLED'];

/**
 * The fee the transferee pays the administrator: `applyPct(C, transferFeeContemplatedPct)` for a contemplated or
 * settled record, `applyPct(C, transferFeePct)` otherwise; C = the credit value on the request date.
 * Example: C = 6 000 000 → 15 000 (non-contemplated, 0.25 %) / 30 000 (contemplated, 0.50 %).
 */
export function transferFee(input: { params: GroupParams; creditValueNow: bigint; status: QuotaStatus }): bigint {
  const pct = CONTEMPLATED_STATUSES.includes(input.status)
    ? input.params.transferFeeContemplatedPct
    : input.params.transferFeePct;
  return applyPct(input.creditValueNow, pct);
}

const WITHDRAWABLE: readonly QuotaStatus[] = ['ENROLLED', 'ACTIVE', 'DELINQUENT'];

/**
 * Checks a voluntary exclusion (domain.md §3.5): ENROLLED, ACTIVE and DELINQUENT records may leave; a contemplated
 * record is never excluded (contract art. 50 sole §).
 * @throws RuleViolation `contemplated_cannot_be_excluded` or `withdrawal_not_allowed`, naming the status.
 */
export function checkWithdrawal(quota: QuotaRecord): void {
  if (WITHDRAWABLE.includes(quota.status)) return;
  if (CONTEMPLATED_STATUSES.includes(quota.status))
    throw new RuleViolation(
      'contemplated_cannot_be_excluded',
      `quota is ${quota.status}; a contemplated record is never excluded`,
    );
  throw new RuleViolation(
    'withdrawal_not_allowed',
    `quota is ${quota.status}; only ENROLLED, ACTIVE or DELINQUENT records can withdraw`,
  );
}
