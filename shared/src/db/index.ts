export { createDb, type DbOptions } from './create-db';
export { withTransaction, isSerializationFailure, type TransactionOptions } from './with-transaction';
export { checkDb, isUnreachable } from './check-db';
export { createPlatformTables, dropPlatformTables, PLATFORM_TABLES } from './platform-tables';
export { qualifiedTable } from './qualified-table';
export { AdvisoryLease } from './advisory-lease';
export { migrateUp, migrateDownAll, migrationsDirectory } from './migrations';
export {
  createIdempotencyTable,
  IDEMPOTENCY_KEY_RULE,
  isIdempotencyKey,
  onceByKey,
  requestHash,
  type IdempotentCall,
} from './idempotency';
