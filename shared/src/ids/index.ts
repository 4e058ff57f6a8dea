export * from './new-id';
