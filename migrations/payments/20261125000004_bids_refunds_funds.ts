import type { Knex } from 'knex';

// The money of assemblies, exclusions and the group's funds (domain §6.7, §8, §10.3, §11, §12, §14): winning bids'
// own parts, contemplations, prepayments, refunds, fund-revaluation lines waiting for their installment, monthly
// income allocations and the closing. Each table's key is what makes its command or event apply once.
export async function up(knex: Knex): Promise<void> {
  const s = () => knex.schema.withSchema('payments');

  // A winning bid's own-resource part O, pending until paid (E6) or defaulted.
  await s().createTable('bid_charges', (t) => {
    t.uuid('assembly_id').notNullable();
    t.uuid('quota_id').notNullable().references('id').inTable('payments.quotas');
    t.uuid('group_id').notNullable();
    t.integer('period').notNullable();
    t.bigInteger('bid_pct').notNullable();
    t.bigInteger('embedded_pct').notNullable();
    t.bigInteger('own').notNullable();
    t.bigInteger('own_fc').notNullable();
    t.bigInteger('own_af').notNullable();
    t.bigInteger('own_fr').notNullable();
    t.date('payment_deadline').notNullable();
    t.text('status').notNullable().defaultTo('PENDING'); // PENDING, PAID, DEFAULTED
    t.uuid('bid_payment_id');
    t.text('idempotency_key').unique();
    t.date('paid_on');
    t.primary(['assembly_id', 'quota_id']);
  });
  await knex.raw(`alter table payments.bid_charges
    add constraint bid_charges_status_check check (status in ('PENDING', 'PAID', 'DEFAULTED')),
    add constraint bid_charges_own_check check (own > 0 and own = own_fc + own_af + own_fr)`);

  // Contemplations booked (E7/E8): once each; the id is the credit letter's sub-ledger key.
  await s().createTable('contemplations', (t) => {
    t.uuid('id').primary();
    t.uuid('assembly_id').notNullable();
    t.uuid('quota_id').notNullable().references('id').inTable('payments.quotas');
    t.uuid('group_id').notNullable();
    t.text('type').notNullable();
    t.bigInteger('credit_amount').notNullable();
    t.timestamp('booked_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await s().createTable('prepayments', (t) => {
    t.uuid('id').primary();
    t.uuid('quota_id').notNullable().references('id').inTable('payments.quotas');
    t.text('idempotency_key').notNullable().unique();
    t.bigInteger('pct').notNullable();
    t.text('mode').notNullable();
    t.bigInteger('amount').notNullable();
    t.date('paid_on').notNullable();
    t.integer('installments_remaining').notNullable();
  });

  // An excluded record's refund: awarded once (E12), paid once (E13).
  await s().createTable('refunds', (t) => {
    t.uuid('quota_id').primary().references('id').inTable('payments.quotas');
    t.uuid('group_id').notNullable();
    t.bigInteger('gross').notNullable();
    t.bigInteger('penalty').notNullable();
    t.bigInteger('net').notNullable();
    t.uuid('assembly_id');
    t.date('awarded_on').notNullable();
    t.bigInteger('paid_amount');
    t.date('paid_on');
    t.text('idempotency_key').unique();
  });

  // Fund-revaluation lines (§10.3) waiting for the installment of their period; billing adds them to it.
  await s().createTable('pending_extra_lines', (t) => {
    t.uuid('quota_id').notNullable().references('id').inTable('payments.quotas');
    t.integer('period').notNullable();
    t.bigInteger('fund_revaluation').notNullable();
    t.primary(['quota_id', 'period']);
  });

  // Index adjustments applied (credit.adjustment.applied), once each.
  await s().createTable('adjustments', (t) => {
    t.uuid('group_id').notNullable().references('id').inTable('payments.groups');
    t.integer('first_period').notNullable();
    t.bigInteger('index_variation_pct').notNullable();
    t.bigInteger('new_credit_value').notNullable();
    t.date('effective_on').notNullable();
    t.primary(['group_id', 'first_period']);
  });

  await s().createTable('income_allocations', (t) => {
    t.uuid('group_id').notNullable().references('id').inTable('payments.groups');
    t.text('month').notNullable();
    t.bigInteger('income').notNullable();
    t.timestamp('allocated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['group_id', 'month']);
  });

  await s().createTable('closings', (t) => {
    t.uuid('group_id').primary().references('id').inTable('payments.groups');
    t.date('closed_on').notNullable();
    t.jsonb('summary').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'closings',
    'income_allocations',
    'adjustments',
    'pending_extra_lines',
    'refunds',
    'prepayments',
    'contemplations',
    'bid_charges',
  ]) {
    await knex.schema.withSchema('payments').dropTable(table);
  }
}
