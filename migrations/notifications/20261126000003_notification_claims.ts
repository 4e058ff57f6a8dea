import type { Knex } from 'knex';

// Delivery claims: a round claims the rows it sends (a fresh token, and `next_attempt_at` pushed a lease ahead) in
// one statement under FOR UPDATE SKIP LOCKED, so two rounds — two replicas, or a round whose lease-holding session
// died and the round that took over — never send the same notification. An attempt is recorded only under its claim.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.withSchema('notifications').alterTable('notifications', (t) => {
    t.uuid('claim_token');
    t.timestamp('claimed_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.withSchema('notifications').alterTable('notifications', (t) => {
    t.dropColumn('claimed_at');
    t.dropColumn('claim_token');
  });
}
