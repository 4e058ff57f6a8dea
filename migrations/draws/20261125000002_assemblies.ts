import type { Knex } from 'knex';

// The draws service's tables (domain §6): projections of groups' and payments' events (what eligibility needs),
// assemblies with their snapshot, lottery result and minutes, sealed bids, results (one per group and period),
// and the contemplations being settled.
export async function up(knex: Knex): Promise<void> {
  const s = () => knex.schema.withSchema('draws');

  await s().createTable('groups', (t) => {
    t.uuid('id').primary();
    t.text('status').notNullable();
    t.integer('max_quotas').notNullable();
    t.integer('term_months').notNullable();
    t.bigInteger('credit_value').notNullable();
    t.integer('draws_per_assembly').notNullable();
    t.integer('excluded_draws_per_assembly').notNullable();
    t.boolean('extra_draws_when_funds_remain').notNullable();
    t.boolean('free_bids_enabled').notNullable();
    t.boolean('fixed_bids_enabled').notNullable();
    t.bigInteger('fixed_bid_pct').notNullable();
    t.integer('fixed_bid_slots_per_assembly').notNullable();
    t.bigInteger('embedded_bid_max_pct').notNullable();
    t.integer('max_bid_contemplations_per_assembly').notNullable();
    t.integer('alternates_count').notNullable();
    t.integer('bid_payment_deadline_business_days').notNullable();
    t.bigInteger('exclusion_penalty_pct').notNullable();
    t.integer('due_day').notNullable();
    t.date('constituted_on');
  });

  // Each seat's records; a seat number stands for its current (highest) version in draws and bids.
  await s().createTable('quotas', (t) => {
    t.uuid('id').primary();
    t.uuid('group_id').notNullable().references('id').inTable('draws.groups');
    t.integer('number').notNullable();
    t.integer('version').notNullable();
    t.uuid('member_id');
    t.text('status').notNullable();
    t.date('excluded_on');
    t.unique(['group_id', 'number', 'version']);
  });

  // Installments as payments announces them: due dates and payment dates decide eligibility (§6.2).
  await s().createTable('installments', (t) => {
    t.uuid('quota_id').notNullable().references('id').inTable('draws.quotas');
    t.integer('period').notNullable();
    t.date('effective_due_on').notNullable();
    t.date('paid_on');
    t.boolean('cancelled').notNullable().defaultTo(false);
    t.primary(['quota_id', 'period']);
  });

  await s().createTable('assemblies', (t) => {
    t.uuid('id').primary();
    t.uuid('group_id').notNullable().references('id').inTable('draws.groups');
    t.integer('period').notNullable();
    t.text('status').notNullable();
    t.timestamp('bid_deadline', { useTz: true }).notNullable();
    t.date('extraction_date').notNullable();
    t.date('assembly_date').notNullable();
    // The frozen inputs (credit value, funds, eligibility, excluded candidates, sealed bids) and their hash.
    t.jsonb('snapshot');
    t.text('snapshot_hash');
    t.jsonb('lottery');
    t.text('lottery_entered_by');
    t.text('lottery_confirmed_by');
    // The available funds while winning bids settle (defaults give their net cost back).
    t.bigInteger('available');
    // Fencing token of the last holder of lock:assembly:{groupId} that wrote this assembly.
    t.bigInteger('fence').notNullable().defaultTo(0);
    t.unique(['group_id', 'period']);
  });
  await knex.raw(`alter table draws.assemblies add constraint assemblies_status_check check (status in
    ('SCHEDULED','BIDDING_OPEN','BIDDING_CLOSED','RESULT_PUBLISHED','SETTLING','CLOSED'))`);

  await s().createTable('bids', (t) => {
    t.uuid('id').primary();
    t.uuid('assembly_id').notNullable().references('id').inTable('draws.assemblies');
    t.uuid('quota_id').notNullable().references('id').inTable('draws.quotas');
    t.integer('number').notNullable();
    t.text('mode').notNullable();
    t.bigInteger('bid_pct').notNullable();
    t.bigInteger('embedded_pct').notNullable();
    t.text('amortization_mode').notNullable();
    t.text('salt').notNullable();
    t.text('commitment').notNullable();
    t.text('status').notNullable();
    t.bigInteger('net_cost');
    t.integer('rank');
    t.timestamp('placed_at', { useTz: true }).notNullable();
  });
  // One live bid per record and mode: a new one supersedes it in the same transaction.
  await knex.raw(
    `create unique index bids_one_live on draws.bids (assembly_id, quota_id, mode) where status = 'SUBMITTED'`,
  );

  // One result per group and period, whoever computes it and however often.
  await s().createTable('results', (t) => {
    t.uuid('assembly_id').primary().references('id').inTable('draws.assemblies');
    t.uuid('group_id').notNullable();
    t.integer('period').notNullable();
    t.binary('minutes').notNullable();
    t.bigInteger('fence').notNullable();
    t.timestamp('computed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['group_id', 'period']);
  });

  // Contemplations of the result being settled: a bid with an own part waits for its payment.
  await s().createTable('contemplations', (t) => {
    t.uuid('id').primary();
    t.uuid('assembly_id').notNullable().references('id').inTable('draws.assemblies');
    t.uuid('quota_id').notNullable().references('id').inTable('draws.quotas');
    t.uuid('bid_id');
    t.text('type').notNullable();
    t.text('status').notNullable(); // PENDING, CONFIRMED, DEFAULTED (CANCELLED: its letter was cancelled)
    t.bigInteger('net_cost').notNullable();
    t.date('payment_deadline');
    t.jsonb('event').notNullable(); // the draws.quota.contemplated payload, emitted once confirmed
    t.unique(['assembly_id', 'quota_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['contemplations', 'results', 'bids', 'assemblies', 'installments', 'quotas', 'groups'])
    await knex.schema.withSchema('draws').dropTable(table);
}
