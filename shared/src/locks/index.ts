/**
 * Distributed locks for work that must not run twice at once (an assembly draw, a quota transfer):
 * a Redis lock to keep contenders apart plus a Postgres fencing token so a holder that lost its lock
 * cannot write.
 *
 * @example
 * ```ts
 * const locks = new LockService({ redis: new Redis(url, LOCK_REDIS_OPTIONS), db, schema: 'groups' });
 * await locks.withLock(`lock:group:{${groupId}}`, async (fence, signal) => {
 *   const plan = await computeDraw(groupId, signal); // long work: stop when signal aborts
 *   await db.transaction(async (trx) => {
 *     await guardFence(trx, { table: 'groups.assembly', idColumn: 'id', id: assemblyId, fence });
 *     await saveDraw(trx, plan); // rolled back with the guard if a newer holder got in
 *   });
 * });
 * ```
 */
export { LockService, type LockServiceOptions, type LockLogger, type LockWaitObservation } from './lock-service';
export { LOCK_REDIS_OPTIONS } from './lock-redis-options';
export { takeFence } from './take-fence';
export { guardFence, type GuardFenceOptions } from './guard-fence';
