/**
 * Who takes part in an assembly (domain §6.2), judged at the snapshot: a record is eligible for draws and bids iff
 * it is ACTIVE (not contemplated, delinquent or excluded), paid the installment of the assembly's period (if it has
 * one) on or before that installment's effective due date — paying late bars it from this assembly even if paid
 * before the deadline (contract art. 23) — and owes no installment whose effective due date is before the snapshot.
 */
export interface RecordAtSnapshot {
  readonly status: string;
  /** The record's installment of the assembly's period, or null when its schedule has none in that period. */
  readonly periodInstallment: { readonly effectiveDueOn: string; readonly paidOn: string | null } | null;
  /** The effective due date of the oldest installment still unpaid, or null when none is. */
  readonly oldestUnpaidEffectiveDue: string | null;
}

export function isEligible(record: RecordAtSnapshot, snapshotDate: string): boolean {
  if (record.status !== 'ACTIVE') return false;
  const own = record.periodInstallment;
  if (own && (own.paidOn === null || own.paidOn > own.effectiveDueOn)) return false;
  return record.oldestUnpaidEffectiveDue === null || record.oldestUnpaidEffectiveDue >= snapshotDate;
}

/**
 * Excluded candidates (§6.2, §6.5): records EXCLUDED (refund not yet awarded) whose exclusion is before the snapshot.
 */
export function isExcludedCandidate(
  record: { status: string; excludedOn: string | null },
  snapshotDate: string,
): boolean {
  return record.status === 'EXCLUDED' && record.excludedOn !== null && record.excludedOn < snapshotDate;
}
