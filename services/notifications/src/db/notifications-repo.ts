import type { Knex } from 'knex';
import type { Channel, NotificationKind, NotificationStatus } from '../domain/kinds';

/** One notification row, as stored. */
export interface NotificationRow {
  id: string;
  event_id: string;
  kind: NotificationKind;
  channel: Channel;
  recipient_id: string;
  member_id: string | null;
  endpoint_id: string | null;
  group_id: string | null;
  quota_id: string | null;
  template_id: string;
  template_version: number;
  subject: string;
  body: string;
  short_text: string;
  payload: string | null;
  status: NotificationStatus;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
  /** The delivery round that holds the row (see claimDueNotifications); null when none does. */
  claim_token: string | null;
  claimed_at: Date | null;
}

export type NewNotification = Pick<
  NotificationRow,
  | 'id'
  | 'event_id'
  | 'kind'
  | 'channel'
  | 'recipient_id'
  | 'member_id'
  | 'endpoint_id'
  | 'group_id'
  | 'quota_id'
  | 'template_id'
  | 'template_version'
  | 'subject'
  | 'body'
  | 'short_text'
  | 'payload'
>;

const TABLE = 'notifications.notifications';

/** Inserts the rows not there yet (one per event, kind, channel and recipient); resolves how many were new. */
export async function insertNotifications(trx: Knex, rows: readonly NewNotification[]): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await trx(TABLE)
    .insert(rows)
    .onConflict(['event_id', 'kind', 'channel', 'recipient_id'])
    .ignore()
    .returning('id');
  return inserted.length;
}

/** A due notification claimed by one delivery round: its attempt is recorded only under this token. */
export interface ClaimedNotification extends NotificationRow {
  claim_token: string;
}

/**
 * Claims up to `limit` pending notifications whose next attempt is due (database time), oldest first, in one
 * statement: the rows are locked with FOR UPDATE SKIP LOCKED (a concurrent claim takes other rows, never waits for
 * these), given a fresh claim token and pushed `leaseMs` ahead, so no other round sees them due until the lease has
 * passed — even if this round's process dies, in which case they are claimed again after the lease.
 */
export async function claimDueNotifications(
  db: Knex,
  limit: number,
  leaseMs: number,
  token: string,
): Promise<ClaimedNotification[]> {
  const res = await db.raw<{ rows: ClaimedNotification[] }>(
    `with due as (
       select id from ${TABLE}
        where status = 'PENDING' and next_attempt_at <= now()
        order by next_attempt_at, id
        limit ?
        for update skip locked)
     update ${TABLE} n
        set claim_token = ?, claimed_at = now(), next_attempt_at = now() + make_interval(secs => ?)
       from due
      where n.id = due.id
     returning n.*`,
    [limit, token, leaseMs / 1000],
  );
  return res.rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Every pending notification of a member (erasure): SKIPPED with the reason, the rows kept for the history. */
export async function skipPendingOf(trx: Knex, memberId: string, reason: string): Promise<number> {
  return trx(TABLE)
    .where({ member_id: memberId, status: 'PENDING' })
    .update({ status: 'SKIPPED', last_error: reason, claim_token: null, claimed_at: null });
}

/** What one attempt did, for the delivery log and the notification's new state. */
export interface AttemptRecord {
  notificationId: string;
  /** The claim the attempt was made under. */
  claimToken: string;
  attempt: number;
  attemptedAt: Date;
  outcome: 'SENT' | 'RETRY' | 'FAILED' | 'SKIPPED';
  status: NotificationStatus;
  delayMs: number;
  httpStatus: number | undefined;
  smtpResponse: string | undefined;
  error: string | undefined;
  durationMs: number;
}

/**
 * Logs the attempt and moves the notification, in one transaction — only while the notification is still PENDING
 * under this claim (an erasure may have skipped it meanwhile). Resolves false, writing nothing, otherwise.
 */
export async function recordAttempt(db: Knex, a: AttemptRecord): Promise<boolean> {
  return db.transaction(async (trx) => {
    const moved = await trx(TABLE)
      .where({ id: a.notificationId, claim_token: a.claimToken, status: 'PENDING' })
      .update({
        status: a.status,
        attempts: a.attempt,
        last_error: a.error ?? null,
        next_attempt_at: trx.raw(`now() + make_interval(secs => ?)`, [a.delayMs / 1000]),
        claim_token: null,
        claimed_at: null,
        ...(a.status === 'SENT' ? { sent_at: trx.fn.now() } : {}),
      });
    if (moved === 0) return false;
    await trx('notifications.delivery_attempts').insert({
      notification_id: a.notificationId,
      attempt: a.attempt,
      attempted_at: a.attemptedAt,
      outcome: a.outcome,
      http_status: a.httpStatus ?? null,
      smtp_response: a.smtpResponse ?? null,
      error: a.error ?? null,
      duration_ms: a.durationMs,
    });
    return true;
  });
}

/**
 * A member's notifications (or an endpoint's deliveries), newest first, keyset-paged by id: ids are UUIDv7, so
 * their order is their creation order (to the millisecond), and the cursor is exact where a timestamp would not be.
 */
export async function listNotifications(
  db: Knex,
  filter: { member_id: string } | { endpoint_id: string },
  limit: number,
  afterId: string | undefined,
): Promise<NotificationRow[]> {
  const q = db<NotificationRow>(TABLE)
    .where('member_id' in filter ? { member_id: filter.member_id } : { endpoint_id: filter.endpoint_id })
    .orderBy('id', 'desc')
    .limit(limit);
  if (afterId) void q.andWhere('id', '<', afterId);
  return q;
}

export async function getNotification(db: Knex, id: string): Promise<NotificationRow | undefined> {
  return db<NotificationRow>(TABLE).where({ id }).first();
}

export interface AttemptRow {
  attempt: number;
  attempted_at: Date;
  outcome: string;
  http_status: number | null;
  smtp_response: string | null;
  error: string | null;
  duration_ms: number;
}

export async function attemptsOf(db: Knex, notificationId: string): Promise<AttemptRow[]> {
  return db('notifications.delivery_attempts')
    .where({ notification_id: notificationId })
    .select<AttemptRow[]>('attempt', 'attempted_at', 'outcome', 'http_status', 'smtp_response', 'error', 'duration_ms')
    .orderBy('attempt')
    .orderBy('id');
}
