import type { Knex } from 'knex';

// A purge deletes a version's object after the row is marked purged and committed, in a second short step under the
// content's lock. `object_deleted_at` records that step on every purged row of the content, so a purge whose second
// step never ran (a crash between the two) is found and finished by the next round of the retention job.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.withSchema('documents').alterTable('documents', (t) => {
    t.timestamp('object_deleted_at', { useTz: true });
  });
  // Purges before this migration deleted the object in their own transaction: nothing is left to do for those whose
  // content no kept version names.
  await knex.raw(`update documents.documents d set object_deleted_at = d.purged_at
    where d.purged_at is not null
      and not exists (select 1 from documents.documents k where k.sha256 = d.sha256 and k.purged_at is null)`);
  await knex.raw(`create index documents_object_pending on documents.documents (sha256)
    where purged_at is not null and object_deleted_at is null`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists documents.documents_object_pending');
  await knex.schema.withSchema('documents').alterTable('documents', (t) => {
    t.dropColumn('object_deleted_at');
  });
}
