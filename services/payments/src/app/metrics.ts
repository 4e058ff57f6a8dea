import { createCounter } from '@consorcio/shared/telemetry';

/** What the payments service counts for its dashboards (payments and billing per minute, books out of step). */
export const paymentsMetrics = {
  /** `consorcio_payments_recorded_total{source,on_time}`: installments paid, by API or a provider's webhook. */
  recorded: createCounter({
    name: 'payments_recorded_total',
    help: 'Installment payments recorded, by source (API or provider) and whether on time.',
    labelNames: ['source', 'on_time'],
  }),
  /** `consorcio_installments_billed_total`: installments billed by runs and enrollments. */
  billed: createCounter({ name: 'installments_billed_total', help: 'Installments billed.' }),
  /** `consorcio_ledger_balance_differences_total`: accounts whose cached balance differed from the journal. */
  balanceDifferences: createCounter({
    name: 'ledger_balance_differences_total',
    help: 'Accounts found by the reconcile job with a cached balance different from the journal.',
  }),
};
