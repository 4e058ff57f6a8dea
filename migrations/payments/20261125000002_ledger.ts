import type { Knex } from 'knex';

// The books (domain §13): insert-only double-entry journals, one per group and one for the
// administrator. Balance is enforced by the code that builds entries AND here, by a deferred
// constraint trigger that checks every entry touched by a transaction at commit; updates and
// deletes are refused (corrections are reversing entries).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.withSchema('payments').createTable('journal_entries', (t) => {
    t.bigIncrements('id').primary();
    t.uuid('entry_id').notNullable().unique();
    t.text('book').notNullable(); // 'GROUP' or 'ADMINISTRATOR'
    t.uuid('group_id'); // the group whose book it is (and, for the administrator's book, which group it concerns)
    t.text('kind').notNullable(); // E1 … E19
    t.text('cause').notNullable(); // the event or command that caused it
    t.uuid('reverses_entry_id');
    t.date('business_date').notNullable();
    t.timestamp('posted_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['group_id', 'book', 'id']);
  });
  await knex.raw(`alter table payments.journal_entries
    add constraint journal_entries_book_check check (book in ('GROUP', 'ADMINISTRATOR')),
    add constraint journal_entries_kind_check check (kind ~ '^E([1-9]|1[0-9])$'),
    add constraint journal_entries_group_book_check check (book <> 'GROUP' or group_id is not null)`);

  await knex.schema.withSchema('payments').createTable('journal_lines', (t) => {
    t.bigIncrements('id').primary();
    t.bigInteger('entry_id').notNullable().references('id').inTable('payments.journal_entries');
    t.text('account').notNullable();
    // The sub-ledger key (installment, quota record, credit letter) where the chart has one.
    t.text('subledger');
    t.bigInteger('debit').notNullable().defaultTo(0);
    t.bigInteger('credit').notNullable().defaultTo(0);
    t.index(['entry_id']);
    t.index(['account']);
  });
  await knex.raw(`alter table payments.journal_lines
    add constraint journal_lines_amounts_check check (debit >= 0 and credit >= 0 and (debit = 0) <> (credit = 0))`);

  await knex.raw(`
    create function payments.assert_entry_balanced(entry bigint) returns void language plpgsql as $$
    declare
      total_debit numeric;
      total_credit numeric;
      line_count integer;
    begin
      select coalesce(sum(debit), 0), coalesce(sum(credit), 0), count(*)
        into total_debit, total_credit, line_count
        from payments.journal_lines where entry_id = entry;
      if line_count < 2 or total_debit <> total_credit then
        raise exception 'journal entry % is unbalanced: debits %, credits %, lines %',
          entry, total_debit, total_credit, line_count
          using errcode = '23514';
      end if;
    end $$`);
  await knex.raw(`
    create function payments.check_line_entry_balanced() returns trigger language plpgsql as $$
    begin perform payments.assert_entry_balanced(new.entry_id); return null; end $$`);
  await knex.raw(`
    create function payments.check_entry_has_balanced_lines() returns trigger language plpgsql as $$
    begin perform payments.assert_entry_balanced(new.id); return null; end $$`);
  // Deferred: an entry and its lines are inserted one row at a time; the checks run at commit, so an
  // entry without lines, or whose lines do not balance, never commits.
  await knex.raw(`
    create constraint trigger journal_lines_balanced
      after insert on payments.journal_lines
      deferrable initially deferred
      for each row execute function payments.check_line_entry_balanced()`);
  await knex.raw(`
    create constraint trigger journal_entries_balanced
      after insert on payments.journal_entries
      deferrable initially deferred
      for each row execute function payments.check_entry_has_balanced_lines()`);
  await knex.raw(`
    create function payments.refuse_journal_change() returns trigger language plpgsql as $$
    begin
      raise exception 'the journal is insert-only: post a reversing entry instead' using errcode = '42501';
    end $$`);
  for (const table of ['journal_entries', 'journal_lines']) {
    await knex.raw(`
      create trigger ${table}_insert_only before update or delete on payments.${table}
        for each row execute function payments.refuse_journal_change()`);
    await knex.raw(`
      create trigger ${table}_no_truncate before truncate on payments.${table}
        for each statement execute function payments.refuse_journal_change()`);
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.withSchema('payments').dropTable('journal_lines');
  await knex.schema.withSchema('payments').dropTable('journal_entries');
  await knex.raw('drop function if exists payments.check_line_entry_balanced()');
  await knex.raw('drop function if exists payments.check_entry_has_balanced_lines()');
  await knex.raw('drop function if exists payments.assert_entry_balanced(bigint)');
  await knex.raw('drop function if exists payments.refuse_journal_change()');
}
