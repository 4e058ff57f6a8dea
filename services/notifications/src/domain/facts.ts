import type { NotificationKind } from './kinds';

/**
 * What a notification says, taken from an event: ids, numbers, amounts in centavos and business dates — never
 * personal data. Templates render it for members; webhooks carry it to integrators.
 */

/** One quota record: seat number and version within a group. */
export interface QuotaFacts {
  groupId: string;
  quotaId: string;
  number: number;
  version: number;
}

/** An installment billed, or the reminder of one (the same facts). */
export interface InstallmentFacts {
  kind: 'installment_billed' | 'installment_due_soon';
  quota: QuotaFacts;
  installmentId: string;
  /** The installment's place in the record's plan, 1..n. */
  installmentNumber: number;
  period: number;
  /** The effective due date (paying on it is on time). */
  dueOn: string;
  amountCentavos: bigint;
}

export interface PaymentConfirmedFacts {
  kind: 'payment_confirmed';
  quota: QuotaFacts;
  period: number;
  amountCentavos: bigint;
  paidOn: string;
  onTime: boolean;
}

export interface OverdueFacts {
  kind: 'installment_overdue';
  quota: QuotaFacts;
  overdueCount: number;
  oldestDueOn: string;
  evaluatedOn: string;
}

export interface QuotaExcludedFacts {
  kind: 'quota_excluded';
  quota: QuotaFacts;
  reason: 'VOLUNTARY' | 'DELINQUENCY' | 'UNSPECIFIED';
  effectiveOn: string;
}

export interface AssemblyResultFacts {
  kind: 'assembly_result';
  groupId: string;
  assemblyId: string;
  period: number;
  assemblyDate: string;
  /** Seat numbers contemplated at this assembly, in the minutes' order. */
  contemplatedNumbers: number[];
}

export interface ContemplatedFacts {
  kind: 'quota_contemplated';
  quota: QuotaFacts;
  contemplationId: string;
  period: number;
  /** DRAW, FIXED_BID, FREE_BID or EXTRA_DRAW. */
  contemplationType: string;
  creditValueCentavos: bigint;
}

export interface LetterIssuedFacts {
  kind: 'credit_letter_issued';
  quota: QuotaFacts;
  letterId: string;
  creditAmountCentavos: bigint;
}

export interface LetterReleasedFacts {
  kind: 'credit_letter_released';
  quota: QuotaFacts;
  letterId: string;
  releaseId: string;
  /** SELLER, ASSET_COSTS or CASH. */
  releaseKind: string;
  amountCentavos: bigint;
  balanceAfterCentavos: bigint;
}

export interface GroupClosedFacts {
  kind: 'group_closed';
  groupId: string;
  closedOn: string;
}

export type NotificationFacts =
  | (InstallmentFacts & { kind: 'installment_billed' })
  | (InstallmentFacts & { kind: 'installment_due_soon' })
  | PaymentConfirmedFacts
  | OverdueFacts
  | QuotaExcludedFacts
  | AssemblyResultFacts
  | ContemplatedFacts
  | LetterIssuedFacts
  | LetterReleasedFacts
  | GroupClosedFacts;

/** The facts of one kind. */
export type FactsOf<K extends NotificationKind> = Extract<NotificationFacts, { kind: K }>;

/** The group a notification is about. */
export function groupOf(f: NotificationFacts): string {
  return 'quota' in f ? f.quota.groupId : f.groupId;
}

/** The quota record a notification is about, when it is about one (group-wide kinds are not). */
export function quotaOf(f: NotificationFacts): QuotaFacts | undefined {
  return 'quota' in f ? f.quota : undefined;
}
