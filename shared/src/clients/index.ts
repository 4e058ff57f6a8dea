/** Typed readers of one service's API that other services share (each is the only way they read that data). */
export { paymentsReader, servicePaymentsReader, PAYMENTS_SERVICE_NAME, type PaymentsReader } from './payments-reader';
