export * from './call-context';
export * from './client';
export * from './descriptors';
export * from './health';
export * from './server';
export * from './unary';
export * from './paging';
export * from './policies';
