export * from './domain-error';
export * from './to-grpc-status';
export * from './infrastructure';
