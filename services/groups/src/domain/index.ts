/**
 * The groups service's pure domain: parameters, the group and quota state machines, the quota rules and members'
 * documents. No I/O and no clock: dates come in as `YYYY-MM-DD`, money as bigint centavos, percentages as pct units.
 */
export * from './types';
export * from './group-params';
export * from './group-lifecycle';
export * from './quota-rules';
export * from './quota-lifecycle';
export * from './documents';
export * from './member-contact';
export * from './member-erasure';
