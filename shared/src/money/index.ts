export * from './round-half-up';
export * from './allocate';
export * from './format-pct';
export * from './format-brl';
