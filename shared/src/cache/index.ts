export * from './create-redis';
export * from './bigint-json-codec';
export * from './cache';
export * from './invalidation-handler';
