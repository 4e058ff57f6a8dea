export * from './infra';
export * from './span-collector';
