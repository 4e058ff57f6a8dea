import type { Knex } from 'knex';

// Report views (docs/reports.md): the assemblies each group has held, as a materialized view refreshed CONCURRENTLY
// on a schedule and on demand (hence its unique index), and the time of each view's last refresh.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.withSchema('draws').createTable('report_refreshes', (t) => {
    t.text('view_name').primary();
    t.timestamp('refreshed_at', { useTz: true }).notNullable();
  });

  // One row per assembly whose result was published: C_p from its snapshot, contemplations by draw and by bid
  // (a defaulted winning bid is counted apart), their net cost to the common fund and what the fund had left.
  await knex.raw(`
    create materialized view draws.report_assemblies_held as
    select a.id as assembly_id, a.group_id, a.period, a.assembly_date, a.status,
           coalesce((a.snapshot ->> 'creditValue')::bigint, 0) as credit_value,
           count(c.id) filter (where c.type in ('DRAW', 'EXTRA_DRAW') and c.status <> 'DEFAULTED')::int
             as draw_contemplations,
           count(c.id) filter (where c.type in ('FIXED_BID', 'FREE_BID') and c.status <> 'DEFAULTED')::int
             as bid_contemplations,
           count(c.id) filter (where c.status = 'DEFAULTED')::int as defaulted_bids,
           coalesce(sum(c.net_cost) filter (where c.status <> 'DEFAULTED'), 0)::bigint as net_cost,
           coalesce(a.available, 0)::bigint as available
      from draws.assemblies a
      left join draws.contemplations c on c.assembly_id = a.id
     where a.status in ('RESULT_PUBLISHED', 'SETTLING', 'CLOSED')
     group by a.id`);
  await knex.raw('create unique index report_assemblies_held_key on draws.report_assemblies_held (assembly_id)');
  await knex.raw('create index report_assemblies_held_group on draws.report_assemblies_held (group_id, period)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop materialized view if exists draws.report_assemblies_held');
  await knex.schema.withSchema('draws').dropTable('report_refreshes');
}
