import type { Knex } from 'knex';

// Report views (docs/reports.md): materialized views of payments' own tables that the reports read, refreshed
// CONCURRENTLY on a schedule and on demand (so each has a unique index), and the time of each view's last refresh.
// Amounts are bigint centavos; sums are cast back to bigint (PostgreSQL sums int8 into numeric).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.withSchema('payments').createTable('report_refreshes', (t) => {
    t.text('view_name').primary();
    t.timestamp('refreshed_at', { useTz: true }).notNullable();
  });

  // Each group book's accounts: Σ debit and Σ credit of every journal line (the heavy part of a financial position).
  await knex.raw(`
    create materialized view payments.report_group_accounts as
    select e.group_id, l.account, sum(l.debit)::bigint as debit, sum(l.credit)::bigint as credit
      from payments.journal_lines l
      join payments.journal_entries e on e.id = l.entry_id
     where e.book = 'GROUP'
     group by e.group_id, l.account`);
  await knex.raw('create unique index report_group_accounts_key on payments.report_group_accounts (group_id, account)');

  // Collections per group and period: installments billed (not cancelled), paid, late fees, received, still open.
  await knex.raw(`
    create materialized view payments.report_collections as
    select i.group_id, i.period,
           count(*) filter (where i.status <> 'CANCELLED')::int as billed_installments,
           coalesce(sum(i.billed_total) filter (where i.status <> 'CANCELLED'), 0)::bigint as billed,
           count(p.id)::int as paid_installments,
           coalesce(sum(p.installment_total), 0)::bigint as paid,
           coalesce(sum(p.late_fine + p.late_interest), 0)::bigint as late_fees,
           coalesce(sum(p.amount), 0)::bigint as received,
           count(*) filter (where i.status = 'OPEN')::int as open_installments,
           coalesce(sum(i.billed_total) filter (where i.status = 'OPEN'), 0)::bigint as open
      from payments.installments i
      left join payments.payments p on p.installment_id = i.id
     group by i.group_id, i.period`);
  await knex.raw('create unique index report_collections_key on payments.report_collections (group_id, period)');

  // Every open installment with its receivable (the billed total, as INSTALLMENTS_RECEIVABLE holds it): the aging and
  // the delinquency of a date are computed from it at that date.
  await knex.raw(`
    create materialized view payments.report_receivables as
    select i.id as installment_id, i.group_id, i.quota_id, i.period, i.effective_due_on, i.billed_total as amount
      from payments.installments i
     where i.status = 'OPEN'`);
  await knex.raw('create unique index report_receivables_key on payments.report_receivables (installment_id)');
  await knex.raw('create index report_receivables_group on payments.report_receivables (group_id, effective_due_on)');

  // Records per group, status and whether contemplated: a contemplation booked (E7) whose letter was not cancelled
  // (an E19 entry on its CREDITS_PAYABLE sub-ledger; the letter's id is the contemplation's).
  await knex.raw(`
    create materialized view payments.report_quota_positions as
    select q.group_id, q.status, (c.quota_id is not null) as contemplated, count(*)::int as quotas
      from payments.quotas q
      left join (
        select distinct k.quota_id
          from payments.contemplations k
         where not exists (
           select 1 from payments.journal_lines l
             join payments.journal_entries e on e.id = l.entry_id
            where e.kind = 'E19' and l.account = 'CREDITS_PAYABLE' and l.subledger = k.id::text)
      ) c on c.quota_id = q.id
     group by q.group_id, q.status, (c.quota_id is not null)`);
  await knex.raw(
    'create unique index report_quota_positions_key on payments.report_quota_positions (group_id, status, contemplated)',
  );
}

export async function down(knex: Knex): Promise<void> {
  for (const view of ['report_quota_positions', 'report_receivables', 'report_collections', 'report_group_accounts']) {
    await knex.raw(`drop materialized view if exists payments.${view}`);
  }
  await knex.schema.withSchema('payments').dropTable('report_refreshes');
}
