import type { Knex } from 'knex';
import { appendToOutbox } from '@consorcio/shared/bus';
import { BANK_HOLIDAYS, evaluateDelinquency, type DueInstallment } from '../domain';
import type { PaymentsGroup } from '../db/groups-repo';
import { updateQuota, type PaymentsQuota } from '../db/quotas-repo';
import { outgoing } from '../events/outgoing';
import { SCHEMA } from './deps';
import { quotaRef } from './refs';

/** Records whose standing is evaluated: the billed ones (an ENROLLED record's installment 1 cannot be overdue). */
export const EVALUATED_STATUSES = ['ACTIVE', 'DELINQUENT', 'CONTEMPLATED', 'CONTEMPLATED_DELINQUENT'] as const;

export type StandingChange = 'DELINQUENT' | 'CURRENT' | null;

/**
 * Evaluates a record's overdue installments on `on` (domain §5.3) and, when its standing or overdue count changed
 * since the last evaluation, stores it and emits `payments.quota.delinquent` (groups excludes at the threshold,
 * §3.5) or `payments.quota.current`. The caller holds the record's row lock, so a payment and the daily run cannot
 * interleave their evaluations.
 */
export async function reevaluateStanding(
  trx: Knex.Transaction,
  input: {
    quota: PaymentsQuota;
    group: PaymentsGroup;
    open: readonly DueInstallment[];
    on: string;
    correlationId: string;
  },
): Promise<StandingChange> {
  const { quota, group, on } = input;
  if (!(EVALUATED_STATUSES as readonly string[]).includes(quota.status)) return null;
  // A catch-up evaluation of an earlier day must not undo a later one.
  if (quota.standingOn !== null && on < quota.standingOn) return null;
  const e = evaluateDelinquency({
    openInstallments: input.open,
    evaluationDate: on,
    holidays: BANK_HOLIDAYS,
    exclusionThreshold: group.exclusionThreshold,
  });
  if (e.delinquent) {
    if (quota.standing === 'DELINQUENT' && quota.overdueCount === e.overdueCount) {
      await updateQuota(trx, quota.id, { standingOn: on });
      return null;
    }
    await updateQuota(trx, quota.id, { standing: 'DELINQUENT', overdueCount: e.overdueCount, standingOn: on });
    await appendToOutbox(trx, SCHEMA, [
      outgoing(
        'payments.quota.delinquent',
        quota.id,
        {
          quota: quotaRef(quota),
          overdueCount: e.overdueCount,
          overduePeriods: [...e.overduePeriods],
          oldestEffectiveDue: e.oldestEffectiveDue ?? '',
          evaluatedOn: on,
        },
        input.correlationId,
      ),
    ]);
    return 'DELINQUENT';
  }
  if (quota.standing === 'CURRENT') {
    await updateQuota(trx, quota.id, { standingOn: on });
    return null;
  }
  await updateQuota(trx, quota.id, { standing: 'CURRENT', overdueCount: 0, standingOn: on });
  await appendToOutbox(trx, SCHEMA, [
    outgoing('payments.quota.current', quota.id, { quota: quotaRef(quota), evaluatedOn: on }, input.correlationId),
  ]);
  return 'CURRENT';
}
