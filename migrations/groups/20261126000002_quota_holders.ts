import type { Knex } from 'knex';

// Everyone who ever held each quota record. A transfer overwrites `quotas.member_id`, but the law keeps a former
// holder's records (and so their personal data) for five years after the group ends, so the LGPD erasure rule must
// see former holdings too. A trigger keeps the history whoever writes the quota; the migration seeds it from today's
// holders (earlier transfers are in the audit log, which this service does not read).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.withSchema('groups').createTable('quota_holders', (t) => {
    t.uuid('quota_id').notNullable().references('id').inTable('groups.quotas');
    t.uuid('member_id').notNullable().references('id').inTable('groups.members');
    t.timestamp('first_held_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['quota_id', 'member_id']);
    t.index(['member_id']);
  });
  await knex.raw(`
    create function groups.record_quota_holder() returns trigger language plpgsql as $$
    begin
      if new.member_id is not null then
        insert into groups.quota_holders (quota_id, member_id) values (new.id, new.member_id)
        on conflict do nothing;
      end if;
      return new;
    end $$`);
  await knex.raw(`
    create trigger quotas_record_holder after insert or update of member_id on groups.quotas
    for each row execute function groups.record_quota_holder()`);
  await knex.raw(`
    insert into groups.quota_holders (quota_id, member_id)
    select id, member_id from groups.quotas where member_id is not null
    on conflict do nothing`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop trigger if exists quotas_record_holder on groups.quotas');
  await knex.raw('drop function if exists groups.record_quota_holder()');
  await knex.schema.withSchema('groups').dropTableIfExists('quota_holders');
}
