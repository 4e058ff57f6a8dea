export * from './key-ring';
export * from './field-cipher';
export * from './blind-index';
export * from './personal-data-keys';
export * from './reencryption';
