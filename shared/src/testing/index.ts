export * from './infra';
export * from './span-collector';
export * from './span-probe';
export * from './test-tokens';
export * from './publish-event';
