import type { Knex } from 'knex';

// The gateway's people and their sessions. Passwords are stored only as argon2id hashes and
// refresh tokens only as SHA-256 digests: a copy of this schema lets nobody sign in.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.withSchema('gateway').createTable('users', (t) => {
    t.uuid('id').primary();
    t.text('username').notNullable().unique();
    t.text('password_hash').notNullable();
    t.specificType('roles', 'text[]').notNullable();
    t.uuid('member_id');
    t.boolean('disabled').notNullable().defaultTo(false);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  // Usernames are compared lower-cased; storing them so makes the unique index case-insensitive.
  await knex.raw(
    `alter table gateway.users add constraint users_username_lowercase check (username = lower(username))`,
  );
  await knex.raw(`alter table gateway.users add constraint users_roles_valid check (
    cardinality(roles) > 0 and roles <@ array['ADMIN','OPERATOR','AUDITOR','MEMBER','SERVICE']::text[])`);
  // A member account must say which member it is, and only a member account may.
  await knex.raw(`alter table gateway.users add constraint users_member_id_iff_member check (
    (member_id is not null) = ('MEMBER' = any(roles)))`);

  await knex.schema.withSchema('gateway').createTable('refresh_tokens', (t) => {
    t.uuid('id').primary();
    // Every token obtained by rotating one login's token shares its family: reuse revokes them all.
    t.uuid('family_id').notNullable();
    t.uuid('user_id').notNullable().references('id').inTable('gateway.users').onDelete('cascade');
    t.binary('token_hash').notNullable().unique();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('rotated_at', { useTz: true });
    t.timestamp('revoked_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['family_id']);
    t.index(['user_id']);
  });
  await knex.raw(
    `alter table gateway.refresh_tokens add constraint refresh_tokens_hash_sha256 check (octet_length(token_hash) = 32)`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.withSchema('gateway').dropTable('refresh_tokens');
  await knex.schema.withSchema('gateway').dropTable('users');
}
