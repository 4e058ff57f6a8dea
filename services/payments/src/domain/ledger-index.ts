/**
 * The money side of the payments domain (domain.md §10.3, §11–§14): the two charts of accounts, balanced journal
 * entries and one builder per entry kind E1–E19, refunds, the monthly income allocation, the fund revaluation and
 * the closing distribution. Pure: no I/O and no clock; money is bigint centavos, percentages bigint pct units.
 */
export * from './ledger-records';
export * from './accounts';
export * from './journal-entry';
export * from './journal-entries';
export * from './refunds';
export * from './income-allocation';
export * from './fund-revaluation';
export * from './closing-distribution';
