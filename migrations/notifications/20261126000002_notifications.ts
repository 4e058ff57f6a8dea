import type { Knex } from 'knex';

// The notifications service's tables: who holds each quota record (from groups' events; ids only — contact data is
// read from groups at send time), members' channel preferences, integrators' webhook endpoints, the notifications
// themselves (one per event, kind, channel and recipient) and the log of every delivery attempt.
export async function up(knex: Knex): Promise<void> {
  const s = () => knex.schema.withSchema('notifications');

  await s().createTable('quotas', (t) => {
    t.uuid('id').primary();
    t.uuid('group_id').notNullable();
    t.integer('number').notNullable();
    t.integer('version').notNullable();
    t.uuid('member_id').notNullable();
    t.boolean('excluded').notNullable().defaultTo(false);
    t.index(['group_id']);
  });

  await s().createTable('preferences', (t) => {
    t.uuid('member_id').notNullable();
    t.text('channel').notNullable();
    t.boolean('enabled').notNullable();
    t.text('updated_by').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.primary(['member_id', 'channel']);
  });
  await knex.raw(`alter table notifications.preferences
    add constraint preferences_channel_check check (channel in ('EMAIL', 'SMS', 'PUSH'))`);

  await s().createTable('webhook_endpoints', (t) => {
    t.uuid('id').primary();
    t.text('url').notNullable();
    // The HMAC key: needed in clear to sign, so it is kept here and answered only at registration.
    t.text('secret').notNullable();
    t.specificType('kinds', 'text[]').notNullable().defaultTo('{}');
    t.boolean('enabled').notNullable().defaultTo(true);
    t.text('description').notNullable().defaultTo('');
    t.text('created_by').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await s().createTable('notifications', (t) => {
    t.uuid('id').primary();
    t.uuid('event_id').notNullable();
    t.text('kind').notNullable();
    t.text('channel').notNullable();
    // The member id, or the endpoint id of a webhook: the unique key's recipient.
    t.uuid('recipient_id').notNullable();
    t.uuid('member_id');
    t.uuid('endpoint_id').references('id').inTable('notifications.webhook_endpoints');
    t.uuid('group_id');
    t.uuid('quota_id');
    t.text('template_id').notNullable();
    t.integer('template_version').notNullable();
    t.text('subject').notNullable();
    t.text('body').notNullable();
    t.text('short_text').notNullable();
    // A webhook's JSON body (ids and amounts), signed at each attempt.
    t.text('payload');
    t.text('status').notNullable().defaultTo('PENDING');
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('next_attempt_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('last_error');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('sent_at', { useTz: true });
    t.unique(['event_id', 'kind', 'channel', 'recipient_id'], { indexName: 'notifications_once' });
    t.index(['member_id', 'created_at']);
    t.index(['endpoint_id', 'created_at']);
  });
  await knex.raw(`alter table notifications.notifications
    add constraint notifications_status_check check (status in ('PENDING', 'SENT', 'FAILED', 'SKIPPED')),
    add constraint notifications_channel_check check (channel in ('EMAIL', 'SMS', 'PUSH', 'WEBHOOK'))`);
  await knex.raw(`create index notifications_due on notifications.notifications (next_attempt_at)
    where status = 'PENDING'`);

  await s().createTable('delivery_attempts', (t) => {
    t.bigIncrements('id').primary();
    t.uuid('notification_id').notNullable().references('id').inTable('notifications.notifications');
    t.integer('attempt').notNullable();
    t.timestamp('attempted_at', { useTz: true }).notNullable();
    t.text('outcome').notNullable();
    t.integer('http_status');
    t.text('smtp_response');
    t.text('error');
    t.integer('duration_ms').notNullable();
    t.index(['notification_id', 'attempt']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['delivery_attempts', 'notifications', 'webhook_endpoints', 'preferences', 'quotas'])
    await knex.schema.withSchema('notifications').dropTable(table);
}
