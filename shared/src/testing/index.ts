export * from './infra';
export * from './span-collector';
export * from './span-probe';
export * from './test-tokens';
