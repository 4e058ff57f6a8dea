/** The gateway's PostgreSQL schema (migrations/gateway); it reads and writes no other. */
export const GATEWAY_SCHEMA = 'gateway';

export { isUniqueViolation } from '@consorcio/shared/errors';
