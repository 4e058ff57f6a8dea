import { RuleViolation } from '@consorcio/shared/errors';
import type { QuotaStatus } from './types';

/**
 * Quota status transitions driven by the payments and draws services' events (domain.md §3.3). Pure.
 * Event handlers return `null` for "no change": events arrive at least once and in any order, so a transition
 * that does not apply to the current status is ignored rather than treated as an error.
 */

/** ENROLLED → ACTIVE once installment 1 (and the upfront fee) is paid; null for any other status. */
export function onFirstInstallmentPaid(status: QuotaStatus): QuotaStatus | null {
  return status === 'ENROLLED' ? 'ACTIVE' : null;
}

/** The outcome of an installment becoming overdue. */
export interface DelinquencyOutcome {
  readonly status: QuotaStatus;
  /** True when the record must now be excluded for delinquency (overdue count reached the threshold). */
  readonly exclude: boolean;
}

/**
 * An installment became overdue and the record now has `overdueCount` overdue installments.
 * ACTIVE/DELINQUENT → DELINQUENT, excluded when `overdueCount ≥ threshold`; CONTEMPLATED/CONTEMPLATED_DELINQUENT →
 * CONTEMPLATED_DELINQUENT and never excluded (its debt goes to collection and the guarantee, contract art. 50
 * sole §); any other status → null.
 */
export function onDelinquent(status: QuotaStatus, overdueCount: number, threshold: number): DelinquencyOutcome | null {
  switch (status) {
    case 'ACTIVE':
    case 'DELINQUENT':
      return { status: 'DELINQUENT', exclude: overdueCount >= threshold };
    case 'CONTEMPLATED':
    case 'CONTEMPLATED_DELINQUENT':
      return { status: 'CONTEMPLATED_DELINQUENT', exclude: false };
    default:
      return null;
  }
}

/** Every overdue installment was paid: DELINQUENT → ACTIVE, CONTEMPLATED_DELINQUENT → CONTEMPLATED; else null. */
export function onCurrent(status: QuotaStatus): QuotaStatus | null {
  if (status === 'DELINQUENT') return 'ACTIVE';
  if (status === 'CONTEMPLATED_DELINQUENT') return 'CONTEMPLATED';
  return null;
}

/**
 * The last installment was paid: a contemplated record is SETTLED. CONTEMPLATED_DELINQUENT settles too — payments
 * settle the oldest installment first (D-13), so paying the last one means nothing is overdue any more, whatever
 * order the "current" and "last paid" events arrive in. A never-contemplated record stays ACTIVE: it can still win
 * by draw (contract art. 25 §1), so null.
 */
export function onLastInstallmentPaid(status: QuotaStatus): QuotaStatus | null {
  return status === 'CONTEMPLATED' || status === 'CONTEMPLATED_DELINQUENT' ? 'SETTLED' : null;
}

/**
 * ACTIVE → CONTEMPLATED on a draw win or a confirmed bid win. Unlike the payment events, a contemplation of a
 * record that is not ACTIVE means the draw used stale eligibility, so it is refused loudly.
 * @throws RuleViolation `contemplation_not_allowed` naming the status.
 */
export function onContemplated(status: QuotaStatus): QuotaStatus {
  if (status === 'ACTIVE') return 'CONTEMPLATED';
  throw new RuleViolation('contemplation_not_allowed', `quota is ${status}; only an ACTIVE record can be contemplated`);
}

/**
 * A contemplation cancelled after its letter was issued (§9.8; contract art. 38 §2): the record is no longer
 * contemplated — DELINQUENT when it was (the usual case: ≥ 3 installments overdue), ACTIVE otherwise (§7). Null when
 * the record is not contemplated (a redelivery).
 */
export function onContemplationCancelled(status: QuotaStatus): QuotaStatus | null {
  if (status === 'CONTEMPLATED_DELINQUENT') return 'DELINQUENT';
  if (status === 'CONTEMPLATED') return 'ACTIVE';
  return null;
}
