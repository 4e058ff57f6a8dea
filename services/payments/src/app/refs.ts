import type { QuotaRef } from '@consorcio/shared/gen/consorcio/events/v1/refs';
import type { InstallmentAmounts as AmountsMessage } from '@consorcio/shared/gen/consorcio/payments/v1/payments';
import type { InstallmentAmounts } from '../domain';
import type { PaymentsQuota } from '../db/quotas-repo';

/** The record an event is about, as every event names it. */
export function quotaRef(q: Pick<PaymentsQuota, 'id' | 'groupId' | 'number' | 'version'>): QuotaRef {
  return { groupId: q.groupId, quotaId: q.id, number: q.number, version: q.version };
}

/** Domain amounts → the proto message (events and API share it). */
export function amountsMessage(a: InstallmentAmounts): AmountsMessage {
  const pd = a.priceDifference;
  return {
    fcCentavos: a.fc,
    afCentavos: a.af,
    frCentavos: a.fr,
    insuranceCentavos: a.ins,
    fundRevaluationCentavos: a.fundRevaluation,
    priceDifferenceCentavos: pd.fc + pd.af + pd.fr + pd.ins,
    totalCentavos: a.total,
  };
}
