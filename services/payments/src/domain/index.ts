/**
 * The payments service's pure domain: schedules of percentages, installment amounts, billing, late fees, payments,
 * delinquency, amortization and the money of a bid. No I/O and no clock: dates come in as `YYYY-MM-DD`, money as
 * bigint centavos, percentages as pct units (1 = 0.0001 %).
 */
export * from './types';
export * from './schedule';
export * from './installment-amounts';
export * from './billing';
export * from './late-fees';
export * from './payment-rules';
export * from './delinquency';
export * from './amortization';
export { bidMoney, type BidMoney } from '@consorcio/shared/rules';
export * from './ledger-index';
export * from './instruments';
export * from './calendar';
export * from './contemplation-cancellation';
