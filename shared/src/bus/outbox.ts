import { context, propagation } from '@opentelemetry/api';
import type { Knex } from 'knex';
import { qualifiedTable } from '../db';
import { ValidationError } from '../errors';
import { newId } from '../ids';
import { HEADER } from './event-headers';

/** One event a handler records with its state change. */
export interface OutboxEventInput {
  /** Routing key `<service>.<aggregate>.<event>`, e.g. `groups.group.created`. */
  eventType: string;
  aggregateId: string;
  /** Protobuf message name of `payload`, e.g. `consorcio.events.v1.GroupCreated`. */
  payloadType: string;
  /** The protobuf-encoded event. */
  payload: Uint8Array;
  correlationId?: string;
  /** When it happened (default now); simulations pass their controlled clock's time. */
  occurredAt?: Date;
}

/** What {@link appendToOutbox} stored for an event. */
export interface OutboxEventRecord {
  /** Outbox row id: the publishing order. */
  id: bigint;
  eventId: string;
  eventType: string;
  aggregateId: string;
  /** 1, 2, 3… per aggregate, assigned in the caller's transaction. */
  aggregateVersion: number;
  payloadType: string;
  occurredAt: Date;
  correlationId: string | undefined;
  traceparent: string | null;
  tracestate: string | null;
}

/** Outbox rows per insert statement (10 parameters each). */
const OUTBOX_INSERT_BATCH = 1000;

const ROUTING_KEY = /^[a-z0-9_-]+\.[a-z0-9_-]+\.[a-z0-9_-]+$/;

/**
 * Records events in `<schema>.outbox` inside the caller's transaction, so they are published (by
 * the relay) if and only if the state change commits. Assigns each event its id (UUIDv7), the next
 * version of its aggregate (the `aggregate_versions` row lock orders concurrent writers of one
 * aggregate), its time, and the active trace context, so the publish joins the request's trace.
 */
export async function appendToOutbox(
  trx: Knex.Transaction,
  schema: string,
  events: readonly OutboxEventInput[],
): Promise<OutboxEventRecord[]> {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  const traceparent = carrier[HEADER.traceparent] ?? null;
  const tracestate = carrier[HEADER.tracestate] ?? null;
  for (const e of events) {
    if (!ROUTING_KEY.test(e.eventType)) {
      throw new ValidationError('eventType', 'must be <service>.<aggregate>.<event> in lower case');
    }
  }
  const firstVersion = await reserveVersions(trx, schema, events);
  const records = events.map((e): OutboxEventRecord => {
    const version = firstVersion.get(e.aggregateId) as number;
    firstVersion.set(e.aggregateId, version + 1);
    return {
      id: 0n,
      eventId: newId(),
      eventType: e.eventType,
      aggregateId: e.aggregateId,
      aggregateVersion: version,
      payloadType: e.payloadType,
      occurredAt: e.occurredAt ?? new Date(),
      correlationId: e.correlationId,
      traceparent,
      tracestate,
    };
  });
  if (records.length === 0) return records;
  const rows = records.map((r, i) => ({
    event_id: r.eventId,
    event_type: r.eventType,
    aggregate_id: r.aggregateId,
    aggregate_version: r.aggregateVersion,
    payload_type: r.payloadType,
    payload: Buffer.from((events[i] as OutboxEventInput).payload),
    headers: r.correlationId ? { [HEADER.correlationId]: r.correlationId } : {},
    traceparent: r.traceparent,
    tracestate: r.tracestate,
    occurred_at: r.occurredAt,
  }));
  // Bounded statements: a billing run appends thousands of events at once, and Postgres takes at most 65 535
  // parameters per statement.
  const inserted: { id: bigint; event_id: string }[] = [];
  for (let i = 0; i < rows.length; i += OUTBOX_INSERT_BATCH) {
    inserted.push(
      ...(await trx
        .withSchema(schema)
        .table('outbox')
        .insert(rows.slice(i, i + OUTBOX_INSERT_BATCH))
        .returning<{ id: bigint; event_id: string }[]>(['id', 'event_id'])),
    );
  }
  const idOf = new Map(inserted.map((row) => [row.event_id, row.id]));
  for (const r of records) r.id = idOf.get(r.eventId) ?? 0n;
  return records;
}

/**
 * Bumps each aggregate's version by its number of events; resolves the first new version per
 * aggregate. Aggregates are locked in id order, so two transactions writing the same aggregates
 * cannot deadlock on these rows.
 */
async function reserveVersions(
  trx: Knex.Transaction,
  schema: string,
  events: readonly OutboxEventInput[],
): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const e of events) counts.set(e.aggregateId, (counts.get(e.aggregateId) ?? 0) + 1);
  const ids = [...counts.keys()].sort();
  // One statement for every aggregate; rows are inserted (and so locked) in id order.
  const res = await trx.raw<{ rows: { aggregate_id: string; version: bigint | string }[] }>(
    `insert into ${qualifiedTable(schema, 'aggregate_versions')} as v (aggregate_id, version)
     select id, n from unnest(?::text[], ?::bigint[]) as t(id, n) order by id
     on conflict (aggregate_id) do update set version = v.version + excluded.version
     returning aggregate_id, version`,
    [ids, ids.map((id) => counts.get(id) as number)],
  );
  const first = new Map<string, number>();
  for (const row of res.rows)
    first.set(row.aggregate_id, Number(row.version) - (counts.get(row.aggregate_id) as number) + 1);
  return first;
}
