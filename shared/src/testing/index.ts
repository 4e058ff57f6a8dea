export * from './infra';
export * from './span-collector';
export * from './span-probe';
