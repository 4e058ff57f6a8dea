export * from './roles';
export * from './keys';
export * from './access-token';
export * from './authenticator';
export * from './service-token';
export * from './authorize';
export * from './service-auth-config';
