/**
 * Reports: a tabular model with typed columns, its renderers (CSV, XLSX, PDF), exact decimal formatting of money,
 * the refresher of materialized views (concurrent, one at a time under a Redis lock, on a schedule and on demand)
 * and the TTL cache of computed reports.
 */
export * from './report-model';
export * from './decimal';
export * from './csv';
export * from './xlsx';
export * from './pdf';
export * from './render';
export * from './report-cache';
export * from './view-refresher';
export * from './refresh-worker';
export * from './reports-runtime';
