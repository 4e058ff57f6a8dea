import { daysBetween } from '@consorcio/shared/clock';

/** One aging bucket: days overdue in [minDays, maxDays] (maxDays null: no upper bound). */
export interface AgingBucketDef {
  label: string;
  minDays: number;
  maxDays: number | null;
}

/** The buckets of the delinquency aging, by days overdue at the report's date. */
export const AGING_BUCKETS: readonly AgingBucketDef[] = [
  { label: '1-30 days', minDays: 1, maxDays: 30 },
  { label: '31-60 days', minDays: 31, maxDays: 60 },
  { label: '61-90 days', minDays: 61, maxDays: 90 },
  { label: '91-180 days', minDays: 91, maxDays: 180 },
  { label: 'over 180 days', minDays: 181, maxDays: null },
];

/** An open installment's receivable. */
export interface Receivable {
  quotaId: string;
  effectiveDueOn: string;
  amount: bigint;
}

export interface AgingBucket extends AgingBucketDef {
  installments: number;
  quotas: number;
  amount: bigint;
}

export interface Aging {
  buckets: AgingBucket[];
  overdueInstallments: number;
  overdueAmount: bigint;
  /** Distinct records with at least one overdue installment. */
  delinquentQuotas: number;
  notDueAmount: bigint;
  /** Every receivable: overdue + not due. */
  receivable: bigint;
}

/**
 * Days an installment is overdue on `asOf`: calendar days after its effective due date (paying on the effective due
 * date is on time, §5.2), 0 when not yet overdue.
 */
export function daysOverdue(effectiveDueOn: string, asOf: string): number {
  return Math.max(0, daysBetween(effectiveDueOn, asOf));
}

/** The bucket of a number of days overdue (≥ 1). */
export function bucketOf(days: number): number {
  const i = AGING_BUCKETS.findIndex((b) => days >= b.minDays && (b.maxDays === null || days <= b.maxDays));
  if (i < 0) throw new RangeError(`no aging bucket for ${days} days`);
  return i;
}

/** Ages open receivables on `asOf`. Invariant: Σ bucket amounts = overdueAmount; overdue + not due = receivable. */
export function ageReceivables(receivables: readonly Receivable[], asOf: string): Aging {
  const buckets = AGING_BUCKETS.map((b) => ({ ...b, installments: 0, quotas: 0, amount: 0n }));
  const quotasPerBucket = AGING_BUCKETS.map(() => new Set<string>());
  const delinquent = new Set<string>();
  let notDueAmount = 0n;
  for (const r of receivables) {
    const days = daysOverdue(r.effectiveDueOn, asOf);
    if (days === 0) {
      notDueAmount += r.amount;
      continue;
    }
    const i = bucketOf(days);
    const bucket = buckets[i]!;
    bucket.installments += 1;
    bucket.amount += r.amount;
    quotasPerBucket[i]!.add(r.quotaId);
    delinquent.add(r.quotaId);
  }
  buckets.forEach((b, i) => (b.quotas = quotasPerBucket[i]!.size));
  const overdueAmount = buckets.reduce((s, b) => s + b.amount, 0n);
  return {
    buckets,
    overdueInstallments: buckets.reduce((s, b) => s + b.installments, 0),
    overdueAmount,
    delinquentQuotas: delinquent.size,
    notDueAmount,
    receivable: overdueAmount + notDueAmount,
  };
}
