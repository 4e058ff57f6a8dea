import type { Knex } from 'knex';

// The money side of groups and quota records (domain §4, §5): payments' projections of groups' events, the
// credit value timeline, installments, payments, provider charges and webhook receipts, cached account
// balances (derived from the journal, checked by the reconcile job) and the billing runs made.
// Money is bigint centavos, percentages bigint pct units (1 = 0.0001 %).
export async function up(knex: Knex): Promise<void> {
  const s = () => knex.schema.withSchema('payments');

  await s().createTable('groups', (t) => {
    t.uuid('id').primary();
    t.text('code').notNullable();
    // FORMING, ACTIVE, WINDING_UP, CLOSED, CANCELLED — as groups' events tell it.
    t.text('status').notNullable();
    t.integer('max_quotas').notNullable();
    t.integer('term_months').notNullable();
    t.bigInteger('admin_fee_total_pct').notNullable();
    t.bigInteger('admin_fee_upfront_pct').notNullable();
    t.bigInteger('reserve_fund_total_pct').notNullable();
    t.bigInteger('insurance_monthly_pct').notNullable();
    t.bigInteger('late_fine_pct').notNullable();
    t.bigInteger('late_interest_monthly_pct').notNullable();
    t.bigInteger('late_fees_group_share_pct').notNullable();
    t.integer('exclusion_threshold').notNullable();
    t.bigInteger('exclusion_penalty_pct').notNullable();
    t.integer('due_day').notNullable();
    t.date('constituted_on');
    t.date('closed_on');
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`alter table payments.groups add constraint payments_groups_due_day check (due_day between 1 and 28)`);

  // C(d): the credit value in force on a date is the row with the latest effective_on <= d.
  await s().createTable('credit_values', (t) => {
    t.uuid('group_id').notNullable().references('id').inTable('payments.groups');
    t.date('effective_on').notNullable();
    t.bigInteger('credit_value').notNullable();
    t.primary(['group_id', 'effective_on']);
  });
  await knex.raw('alter table payments.credit_values add constraint credit_value_positive check (credit_value > 0)');

  await s().createTable('quotas', (t) => {
    t.uuid('id').primary(); // the quota record id (groups' quota_id)
    t.uuid('group_id').notNullable().references('id').inTable('payments.groups');
    t.integer('number').notNullable();
    t.integer('version').notNullable();
    t.uuid('member_id').notNullable();
    t.text('status').notNullable();
    t.boolean('insurance_opt_in').notNullable();
    // The period of the record's first installment (paid with the upfront fee; it has no late fees, P-10).
    t.integer('enrolled_period').notNullable();
    // The schedule (domain §4.1): installment i falls in period first_period + i − 1.
    t.integer('first_period').notNullable();
    t.integer('installment_count').notNullable();
    t.bigInteger('regular_fc_pct').notNullable();
    t.bigInteger('regular_af_pct').notNullable();
    t.bigInteger('regular_fr_pct').notNullable();
    t.bigInteger('last_fc_pct').notNullable();
    t.bigInteger('last_af_pct').notNullable();
    t.bigInteger('last_fr_pct').notNullable();
    // What has been paid (installments and amortizations), in pct units per component (frozen at exclusion).
    t.bigInteger('paid_fc_pct').notNullable().defaultTo(0);
    t.bigInteger('paid_af_pct').notNullable().defaultTo(0);
    t.bigInteger('paid_fr_pct').notNullable().defaultTo(0);
    // Installments of the current schedule paid (a rebuilt schedule starts again at 0).
    t.integer('paid_count').notNullable().defaultTo(0);
    // The upfront admin fee (§4.4) paid with installment 1, to the administrator's book (E1).
    t.bigInteger('upfront_fee').notNullable().defaultTo(0);
    // The last standing emitted (CURRENT / DELINQUENT) and its overdue count, so the daily run emits changes only.
    t.text('standing').notNullable().defaultTo('CURRENT');
    t.integer('overdue_count').notNullable().defaultTo(0);
    // The date of that evaluation: an evaluation of an earlier date (a catch-up) never overrides a later one.
    t.date('standing_on');
    // Fencing token of the last holder of lock:quota-payments:{id} that wrote (guardFence).
    t.bigInteger('fence').notNullable().defaultTo(0);
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['group_id', 'number', 'version']);
    t.index(['group_id', 'status']);
  });

  await s().createTable('installments', (t) => {
    t.uuid('id').primary();
    t.uuid('group_id').notNullable().references('id').inTable('payments.groups');
    t.uuid('quota_id').notNullable().references('id').inTable('payments.quotas');
    t.integer('period').notNullable();
    t.integer('number').notNullable(); // its place in the record's schedule, 1..n
    t.text('status').notNullable().defaultTo('OPEN'); // OPEN, PAID, CANCELLED
    t.date('due_on').notNullable();
    t.date('effective_due_on').notNullable();
    t.bigInteger('fc_pct').notNullable();
    t.bigInteger('af_pct').notNullable();
    t.bigInteger('fr_pct').notNullable();
    // Σ of the record's percentages from this installment on: the insurance base (D-12).
    t.bigInteger('outstanding_pct').notNullable();
    // Extra lines (§4.2): fund revaluation and a previous installment's price difference per component.
    t.bigInteger('fund_revaluation').notNullable().defaultTo(0);
    t.bigInteger('price_diff_fc').notNullable().defaultTo(0);
    t.bigInteger('price_diff_af').notNullable().defaultTo(0);
    t.bigInteger('price_diff_fr').notNullable().defaultTo(0);
    t.bigInteger('price_diff_ins').notNullable().defaultTo(0);
    // As billed: the credit value and the amounts at it.
    t.bigInteger('billed_credit_value').notNullable();
    t.bigInteger('billed_fc').notNullable();
    t.bigInteger('billed_af').notNullable();
    t.bigInteger('billed_fr').notNullable();
    t.bigInteger('billed_ins').notNullable();
    t.bigInteger('billed_total').notNullable();
    // As paid: the total valued at the payment date's C (D-14), and the late fees.
    t.date('paid_on');
    t.bigInteger('paid_total');
    t.bigInteger('late_fine');
    t.bigInteger('late_interest');
    t.uuid('payment_id');
    t.text('cancel_reason');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['quota_id', 'period']);
    t.index(['group_id', 'period']);
  });
  await knex.raw(`create index installments_open on payments.installments (quota_id, period) where status = 'OPEN'`);
  await knex.raw(`alter table payments.installments
    add constraint installments_status_check check (status in ('OPEN', 'PAID', 'CANCELLED')),
    add constraint installments_paid_check check ((status = 'PAID') = (payment_id is not null)),
    add constraint installments_amounts_check check (billed_fc >= 0 and billed_af >= 0 and billed_fr >= 0
      and billed_ins >= 0 and billed_total >= 0 and billed_credit_value > 0)`);

  await s().createTable('payments', (t) => {
    t.uuid('id').primary();
    t.uuid('installment_id').notNullable().unique().references('id').inTable('payments.installments');
    t.uuid('quota_id').notNullable().references('id').inTable('payments.quotas');
    t.uuid('group_id').notNullable();
    t.integer('period').notNullable();
    t.date('paid_on').notNullable();
    t.bigInteger('amount').notNullable();
    t.bigInteger('installment_total').notNullable();
    t.bigInteger('late_fine').notNullable();
    t.bigInteger('late_interest').notNullable();
    t.bigInteger('group_share').notNullable();
    t.bigInteger('admin_share').notNullable();
    t.boolean('on_time').notNullable();
    // The bank reconciliation id: one payment per key, whoever sends it.
    t.text('idempotency_key').notNullable().unique();
    t.text('source').notNullable(); // API or the provider's name
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['quota_id']);
  });
  await knex.raw(`alter table payments.payments add constraint payments_amount_check check (amount > 0
    and amount = installment_total + late_fine + late_interest and late_fine + late_interest = group_share + admin_share)`);

  await knex.raw('create sequence payments.charge_numbers');
  await s().createTable('charges', (t) => {
    t.uuid('id').primary();
    t.uuid('installment_id').notNullable().references('id').inTable('payments.installments');
    t.uuid('quota_id').notNullable();
    t.uuid('group_id').notNullable();
    t.integer('period').notNullable();
    t.text('provider').notNullable();
    t.text('method').notNullable(); // BOLETO, PIX
    t.text('status').notNullable(); // ISSUED, PAID, SUPERSEDED
    t.bigInteger('amount').notNullable();
    t.date('due_on').notNullable();
    t.text('barcode');
    t.text('digitable_line');
    t.text('pix_payload');
    // The charge's reference at the provider: the boleto's "nosso número" or the PIX txid.
    t.text('txid').notNullable().unique();
    t.text('provider_transaction_id');
    t.uuid('payment_id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['installment_id']);
  });

  // Every settlement notice accepted, once per provider transaction id (the provider retries its webhooks).
  await s().createTable('webhook_receipts', (t) => {
    t.text('provider').notNullable();
    t.text('transaction_id').notNullable();
    t.uuid('charge_id').notNullable();
    t.uuid('payment_id').notNullable();
    t.text('body_sha256').notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['provider', 'transaction_id']);
  });

  // Balances by account, kept in the same transaction as every posting; the journal is the truth and
  // ReconcileBalances compares the two. group_key is the group id, or '' for administrator lines of no group. Each
  // account's balance is spread over a few slots (summed on read): every payment of a group updates the same
  // accounts, and one row per account would make them all queue on its lock until each commit is flushed.
  await s().createTable('account_balances', (t) => {
    t.text('book').notNullable();
    t.text('group_key').notNullable();
    t.text('account').notNullable();
    t.smallint('slot').notNullable();
    t.bigInteger('debit').notNullable().defaultTo(0);
    t.bigInteger('credit').notNullable().defaultTo(0);
    t.primary(['book', 'group_key', 'account', 'slot']);
  });

  await s().createTable('billing_runs', (t) => {
    t.uuid('group_id').notNullable().references('id').inTable('payments.groups');
    t.integer('period').notNullable();
    t.date('due_on').notNullable();
    t.integer('billed').notNullable();
    t.timestamp('ran_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['group_id', 'period']);
  });
}

export async function down(knex: Knex): Promise<void> {
  const s = () => knex.schema.withSchema('payments');
  for (const table of [
    'billing_runs',
    'account_balances',
    'webhook_receipts',
    'charges',
    'payments',
    'installments',
    'quotas',
    'credit_values',
    'groups',
  ]) {
    await s().dropTable(table);
  }
  await knex.raw('drop sequence payments.charge_numbers');
}
