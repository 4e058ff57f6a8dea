import type { Knex } from 'knex';

const APPEND_ONLY = ['entries', 'tree_nodes', 'checkpoints'] as const;

// The transparency log: entries (the leaves, in append order, with the plain hash chain), every perfect subtree's
// hash (so appends and proofs are reads, never a recomputation), the signed checkpoints, and who holds which quota
// (members may read the entries about their own quotas). The log tables refuse updates, deletes and truncation:
// privileges revoked, and triggers for whoever still holds them.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table audit.entries (
      leaf_index bigint primary key check (leaf_index >= 0),
      event_id uuid not null unique,
      event_type text not null,
      aggregate_id text not null,
      leaf bytea not null,
      previous_hash bytea not null check (length(previous_hash) = 32),
      current_hash bytea not null check (length(current_hash) = 32),
      appended_at timestamptz not null default now()
    )`);
  await knex.raw('create index entries_by_aggregate on audit.entries (aggregate_id, leaf_index)');
  await knex.raw(`
    create table audit.tree_nodes (
      level smallint not null check (level >= 0 and level < 63),
      index bigint not null check (index >= 0),
      hash bytea not null check (length(hash) = 32),
      primary key (level, index)
    )`);
  await knex.raw(`
    create table audit.checkpoints (
      tree_size bigint primary key check (tree_size > 0),
      root_hash bytea not null check (length(root_hash) = 32),
      signed_at timestamptz not null,
      note text not null
    )`);
  await knex.raw(`
    create table audit.quota_holders (
      quota_id text not null,
      member_id text not null,
      primary key (quota_id, member_id)
    )`);
  await knex.raw(`
    create function audit.refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception 'audit.% is append-only: % refused', tg_table_name, lower(tg_op)
        using errcode = 'insufficient_privilege';
    end $$`);
  for (const table of APPEND_ONLY) {
    await knex.raw(`revoke update, delete, truncate on audit.${table} from public, current_user`);
    await knex.raw(`create trigger ${table}_append_only before update or delete on audit.${table}
      for each row execute function audit.refuse_change()`);
    await knex.raw(`create trigger ${table}_no_truncate before truncate on audit.${table}
      for each statement execute function audit.refuse_change()`);
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [...APPEND_ONLY, 'quota_holders']) await knex.raw(`drop table audit.${table}`);
  await knex.raw('drop function audit.refuse_change()');
}
