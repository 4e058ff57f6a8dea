import type { Cache, CacheEntry } from './cache';

/** What the bus consumer passes for each event. */
export interface EventMeta {
  eventType: string;
  aggregateId: string;
}

/**
 * Builds the bus consumer callback that drops the cache entries an event makes stale. `entriesFor`
 * maps the event (its routing key / type and aggregate id) to the entries to delete; an empty list
 * means the event affects nothing cached. A Redis failure rejects, so the consumer retries.
 */
export function invalidationHandler(
  cache: Cache,
  entriesFor: (routingKey: string, aggregateId: string) => readonly CacheEntry[],
): (meta: EventMeta) => Promise<void> {
  return async (meta) => {
    await cache.invalidateMany(entriesFor(meta.eventType, meta.aggregateId));
  };
}
