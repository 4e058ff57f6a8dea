import type { Knex } from 'knex';
import type pg from 'pg';

type PooledClient = pg.Client & { __knex__disposed?: unknown };

/** The two pool methods of knex's client this needs (knex types `db.client` as any). */
interface KnexPool {
  acquireConnection(): Promise<unknown>;
  releaseConnection(conn: unknown): Promise<void>;
}

/**
 * Leadership through a PostgreSQL session-level advisory lock held on a dedicated pooled
 * connection: while this session lives, no other `AdvisoryLease` with the same name (in any
 * process) can acquire it; when the process dies or its connection drops, PostgreSQL frees the lock
 * and a waiting instance takes over. Used so that one outbox relay / one reminder scheduler per
 * schema is active at a time.
 */
export class AdvisoryLease {
  private conn: PooledClient | undefined;
  private readonly pool: KnexPool;

  constructor(
    db: Knex,
    /** Lock name, hashed to the 64-bit key with hashtextextended, e.g. `outbox-relay:groups`. */
    readonly name: string,
  ) {
    this.pool = db.client as KnexPool;
  }

  /** True after a successful {@link tryAcquire}, until release or a failed re-check. */
  get held(): boolean {
    return this.conn !== undefined;
  }

  /**
   * Takes the lock when free; when already held, checks that the session is still alive (a dead
   * session means the lock is gone). Resolves true while this instance holds the lease.
   */
  async tryAcquire(): Promise<boolean> {
    if (this.conn) {
      try {
        await this.conn.query('select 1');
        return true;
      } catch {
        this.discard(this.conn);
        this.conn = undefined;
      }
    }
    const conn = (await this.pool.acquireConnection()) as PooledClient;
    try {
      const res = await conn.query<{ ok: boolean }>('select pg_try_advisory_lock(hashtextextended($1, 0)) as ok', [
        this.name,
      ]);
      if (res.rows[0]?.ok) {
        this.conn = conn;
        return true;
      }
      await this.pool.releaseConnection(conn);
      return false;
    } catch (err) {
      this.discard(conn);
      throw err;
    }
  }

  /** Gives the lease up (idempotent): unlocks and returns the connection to the pool. */
  async release(): Promise<void> {
    const conn = this.conn;
    this.conn = undefined;
    if (!conn) return;
    try {
      await conn.query('select pg_advisory_unlock(hashtextextended($1, 0))', [this.name]);
      await this.pool.releaseConnection(conn);
    } catch {
      this.discard(conn);
    }
  }

  // Ending the session frees the lock even when no unlock query can run; marking the connection
  // disposed makes knex's pool destroy it rather than hand it to someone else.
  private discard(conn: PooledClient): void {
    conn.__knex__disposed = 'advisory lease dropped';
    void conn
      .end()
      .catch(() => undefined)
      .then(() => this.pool.releaseConnection(conn))
      .catch(() => undefined);
  }
}
