import type { Knex } from 'knex';

// Who holds a quota is read from the log itself (its enrolment and transfer entries): the table the log's migration
// made for it was never used.
export async function up(knex: Knex): Promise<void> {
  await knex.raw('drop table if exists audit.quota_holders');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    create table audit.quota_holders (
      quota_id text not null,
      member_id text not null,
      primary key (quota_id, member_id)
    )`);
}
