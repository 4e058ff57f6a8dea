export * from './build-openapi';
export * from './docs-page';
export * from './openapi-types';
export * from './operations';
export * from './proto-comments';
export * from './schemas';
