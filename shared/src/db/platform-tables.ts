import type { Knex } from 'knex';
import { qualifiedTable } from './qualified-table';

/** The tables {@link createPlatformTables} creates in every service's schema, in creation order. */
export const PLATFORM_TABLES = [
  'outbox',
  'aggregate_versions',
  'inbox',
  'projection_versions',
  'lock_fences',
  'reminders',
] as const;

function ddl(schema: string): string[] {
  const t = (name: string) => qualifiedTable(schema, name);
  return [
    `create schema if not exists "${schema}"`,
    // Events waiting for the relay. id gives the publishing order; the partial index keeps the
    // relay's scan proportional to the backlog, not to history.
    `create table ${t('outbox')} (
      id bigserial primary key,
      event_id uuid not null unique,
      event_type text not null,
      aggregate_id text not null,
      aggregate_version bigint not null,
      payload_type text not null,
      payload bytea not null,
      headers jsonb not null default '{}',
      traceparent text,
      tracestate text,
      occurred_at timestamptz not null,
      published_at timestamptz
    )`,
    `create index outbox_unpublished on ${t('outbox')} (id) where published_at is null`,
    // Last version handed out per aggregate; the row lock orders concurrent writers of one aggregate.
    `create table ${t('aggregate_versions')} (
      aggregate_id text primary key,
      version bigint not null
    )`,
    // Events a consumer has applied: the same transaction as the effect, so redelivery is harmless.
    `create table ${t('inbox')} (
      event_id uuid not null,
      consumer text not null,
      received_at timestamptz not null default now(),
      primary key (event_id, consumer)
    )`,
    `create index inbox_received_at on ${t('inbox')} (received_at)`,
    // Newest aggregate version a projection applied, for consumers that drop stale events.
    `create table ${t('projection_versions')} (
      consumer text not null,
      aggregate_id text not null,
      version bigint not null,
      primary key (consumer, aggregate_id)
    )`,
    // Highest fencing token seen per locked resource (written by the locks helper).
    `create table ${t('lock_fences')} (
      resource text primary key,
      token bigint not null
    )`,
    // Durable timers. run_at is the next attempt (due_at, pushed back after a failure).
    `create table ${t('reminders')} (
      id bigserial primary key,
      key text not null unique,
      kind text not null,
      actor_id text not null,
      due_at timestamptz not null,
      run_at timestamptz not null,
      payload jsonb not null default '{}',
      state text not null default 'pending'
        check (state in ('pending', 'fired', 'cancelled', 'parked')),
      attempts integer not null default 0,
      last_error text,
      fired_at timestamptz,
      created_at timestamptz not null default now()
    )`,
    `create index reminders_pending on ${t('reminders')} (run_at) where state = 'pending'`,
  ];
}

/**
 * Creates the schema (if missing) and the platform tables every service needs: outbox,
 * aggregate_versions, inbox, projection_versions, lock_fences and reminders. Called by each
 * service's first migration, so it runs inside the migration's transaction.
 */
export async function createPlatformTables(knex: Knex, schema: string): Promise<void> {
  for (const statement of ddl(schema)) await knex.raw(statement);
}

/** Drops the platform tables (not the schema, which holds the service's own tables too). */
export async function dropPlatformTables(knex: Knex, schema: string): Promise<void> {
  for (const table of [...PLATFORM_TABLES].reverse()) {
    await knex.raw(`drop table if exists ${qualifiedTable(schema, table)}`);
  }
}
