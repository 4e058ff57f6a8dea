export * from './config-fields';
export * from './load-config';
export * from './config-once';
export * from './base-service-config';
