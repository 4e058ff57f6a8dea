import { BatchConsumer, type AmqpChannelSource, type BatchItem } from '@consorcio/shared/bus';
import type { Knex } from 'knex';
import type { Logger } from '@consorcio/shared/log';
import { appendEvents } from '../app/append';
import { isLogged } from '../domain/leaf';

/** The log's queue: bound to every routing key of the events exchange. */
export const LOG_QUEUE = 'audit.log';

/**
 * Every event of the platform, appended to the log in batches (one transaction each) and acked only once
 * committed; a redelivered event is stored once. `audit.*` events are acked without being logged.
 */
export function logConsumer(o: {
  db: Knex;
  connection: AmqpChannelSource;
  log: Logger;
  exchange?: string | undefined;
}): BatchConsumer {
  return new BatchConsumer({
    connection: o.connection,
    queue: LOG_QUEUE,
    bindings: ['#'],
    ...(o.exchange ? { exchange: o.exchange } : {}),
    skip: (meta) => !isLogged(meta.eventType),
    log: o.log,
    flush: async (items: BatchItem[]) => {
      const r = await appendEvents(
        o.db,
        items.map(({ meta, body }) => ({ ...meta, payload: body })),
      );
      o.log.debug({ payload: { appended: r.appended, duplicates: r.duplicates, size: r.size } }, 'events logged');
    },
  });
}
