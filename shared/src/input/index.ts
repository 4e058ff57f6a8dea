/**
 * Checks of request fields every service's use cases share; each throws a ValidationError naming the
 * proto field it checks and the rule it breaks.
 */
export { requireId, requireDate, optionalDate, optionalIdempotencyKey, requireIdempotencyKey } from './fields';
