import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import type { Knex } from 'knex';
import Redlock, { ExecutionError, ResourceLockedError, type Lock } from 'redlock';
import { ConflictError, UnavailableError } from '../errors';
import { takeFence } from './take-fence';

/**
 * The logger method the lock service uses, in the shape of the project's `Logger` (`{ payload, err }`),
 * declared here so locks do not depend on the log folder.
 */
export interface LockLogger {
  warn(obj: object, msg: string): void;
}

/** How one `withLock` call waited for its lock; for a lock-wait histogram. */
export interface LockWaitObservation {
  /** The full resource name. It carries an id: do not use it as a metric label as is. */
  resource: string;
  waitMs: number;
  outcome: 'acquired' | 'conflict' | 'unavailable';
}

/** Options of {@link LockService}. */
export interface LockServiceOptions {
  /**
   * The Redis client holding the locks. It MUST have `commandTimeout` set (see `LOCK_REDIS_OPTIONS`):
   * without it a paused Redis stalls acquire, extend and release forever.
   */
  redis: Redis;
  /** Database the fencing tokens come from. */
  db: Knex;
  /** Schema holding `lock_fences`. */
  schema: string;
  /** Lock time to live in Redis; extended while `fn` runs. Default 10 000 ms. */
  ttlMs?: number;
  /** Acquire attempts after the first one. Default 10. */
  retryCount?: number;
  /** Pause between acquire attempts (± `retryJitterMs`). Default 200 ms. */
  retryDelayMs?: number;
  /** Random spread added to each pause so contenders do not retry in lockstep. Default 100 ms. */
  retryJitterMs?: number;
  /** Most extensions one `withLock` may make; past it the signal aborts. Default 60 (≈ 400 s at 10 s TTL). */
  maxExtensions?: number;
  log?: LockLogger;
  /** Called once per `withLock` with how long acquiring took (metrics hook). */
  onLockWait?: (observation: LockWaitObservation) => void;
}

/** Settings every redlock call gets: this class runs its own retry loop, so redlock never retries. */
const ONE_ATTEMPT = { retryCount: 0 } as const;

/**
 * Runs code under a Redis lock (redlock) paired with a fencing token from Postgres.
 *
 * The lock only makes collisions rare; it cannot make them impossible (a paused process or a paused
 * Redis lets a second holder in). Correctness comes from the fence: every write the holder makes goes
 * through `guardFence` with the token, and the database refuses a token older than the last one used.
 */
export class LockService {
  private readonly redlock: Redlock;
  private readonly db: Knex;
  private readonly schema: string;
  private readonly ttlMs: number;
  private readonly retryCount: number;
  private readonly retryDelayMs: number;
  private readonly retryJitterMs: number;
  private readonly maxExtensions: number;
  /** An acquired lock with less validity than this left is useless: it is released and retried. */
  private readonly minValidityMs: number;
  private readonly log: LockLogger | undefined;
  private readonly onLockWait: ((o: LockWaitObservation) => void) | undefined;

  constructor(opts: LockServiceOptions) {
    if (typeof opts.redis.options.commandTimeout !== 'number') {
      throw new TypeError('LockService needs a Redis client with commandTimeout set (use LOCK_REDIS_OPTIONS)');
    }
    const ttlMs = opts.ttlMs ?? 10_000;
    if (!Number.isInteger(ttlMs) || ttlMs < 100) throw new RangeError('ttlMs must be an integer ≥ 100');
    this.redlock = new Redlock([opts.redis], { ...ONE_ATTEMPT, retryJitter: 0 });
    this.db = opts.db;
    this.schema = opts.schema;
    this.ttlMs = ttlMs;
    this.retryCount = opts.retryCount ?? 10;
    this.retryDelayMs = opts.retryDelayMs ?? 200;
    this.retryJitterMs = opts.retryJitterMs ?? 100;
    this.maxExtensions = opts.maxExtensions ?? 60;
    this.minValidityMs = Math.floor(this.ttlMs / 2);
    this.log = opts.log;
    this.onLockWait = opts.onLockWait;
  }

  /**
   * Acquires `resource`, takes its next fencing token and runs `fn(fence, signal)`, extending the lock
   * while `fn` runs and releasing it afterwards, whatever `fn` did.
   *
   * `signal` aborts (its reason is a ConflictError) when an extension fails or the extension cap is
   * reached: the lock may be held by someone else from then on, so `fn` should stop; writes it still
   * makes are refused by `guardFence`.
   *
   * @throws ConflictError when another holder kept the lock for the whole retry window
   * @throws UnavailableError when Redis cannot be reached
   */
  async withLock<T>(resource: string, fn: (fence: bigint, signal: AbortSignal) => Promise<T>): Promise<T> {
    const lock = await this.acquire(resource);
    const controller = new AbortController();
    const keeper = new LockKeeper(this.redlock, lock, {
      ttlMs: this.ttlMs,
      maxExtensions: this.maxExtensions,
      onLost: (why) => controller.abort(new ConflictError(`lock ${resource} was lost: ${why}`)),
    });
    try {
      const fence = await takeFence(this.db, this.schema, resource);
      // Taking the token after the lock expired would give a stale holder the newest token.
      if (keeper.current.expiration <= Date.now()) {
        throw new ConflictError(`lock ${resource} expired before its fencing token was taken`);
      }
      return await fn(fence, controller.signal);
    } finally {
      const last = await keeper.stop();
      await this.release(last, resource);
    }
  }

  /** Tries until a lock with enough validity left is held, the attempts run out or the window closes. */
  private async acquire(resource: string): Promise<Lock> {
    const started = Date.now();
    // The window bounds the wait when Redis is unreachable, where each attempt costs a commandTimeout.
    const deadline = started + this.retryCount * this.retryDelayMs;
    let lastError: unknown;
    for (let attempt = 0; attempt <= this.retryCount; attempt++) {
      if (attempt > 0) {
        if (Date.now() >= deadline) break;
        const jitter = Math.floor((Math.random() * 2 - 1) * this.retryJitterMs);
        await sleep(Math.max(0, this.retryDelayMs + jitter));
      }
      try {
        // One attempt per call: redlock dates a lock's expiration from its first attempt, so after its own
        // retries it can return a lock that has already expired.
        const lock = await this.redlock.acquire([resource], this.ttlMs, ONE_ATTEMPT);
        if (lock.expiration - Date.now() > this.minValidityMs) {
          this.observe(resource, started, 'acquired');
          return lock;
        }
        await this.release(lock, resource);
        lastError = new Error('lock acquired with too little validity left');
      } catch (err) {
        lastError = err;
      }
    }
    if (await isContention(lastError)) {
      this.observe(resource, started, 'conflict');
      throw new ConflictError(`lock ${resource} is held by another holder`);
    }
    this.observe(resource, started, 'unavailable');
    throw new UnavailableError(`lock service unavailable for ${resource}: ${describe(await unwrap(lastError))}`);
  }

  /** Releases once; a failure only means the lock expires by itself, so it is logged, never thrown. */
  private async release(lock: Lock, resource: string): Promise<void> {
    try {
      await this.redlock.release(lock, ONE_ATTEMPT);
    } catch (err) {
      this.log?.warn({ payload: { resource }, err: await unwrap(err) }, 'lock release failed; it expires with its TTL');
    }
  }

  private observe(resource: string, started: number, outcome: LockWaitObservation['outcome']): void {
    this.onLockWait?.({ resource, waitMs: Date.now() - started, outcome });
  }
}

/** Keeps one lock alive: extends it when a third of the TTL is left, until stopped or lost. */
class LockKeeper {
  /** The newest Lock: `extend()` returns a new Lock object and zeroes the old one's expiration. */
  current: Lock;
  private extensions = 0;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly redlock: Redlock,
    lock: Lock,
    private readonly opts: { ttlMs: number; maxExtensions: number; onLost: (why: string) => void },
  ) {
    this.current = lock;
    this.schedule();
  }

  /** Stops extending and returns the newest Lock (to release), after any extension in flight settles. */
  async stop(): Promise<Lock> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.inFlight;
    return this.current;
  }

  private schedule(retryInMs?: number): void {
    if (this.stopped) return;
    const due = retryInMs ?? this.current.expiration - Math.floor(this.opts.ttlMs / 3) - Date.now();
    this.timer = setTimeout(
      () => {
        this.inFlight = this.extend();
      },
      Math.max(0, due),
    );
    // A pending extension alone must not keep the process alive.
    this.timer.unref();
  }

  private async extend(): Promise<void> {
    if (this.stopped) return;
    if (this.extensions >= this.opts.maxExtensions) {
      this.opts.onLost(`held past ${this.opts.maxExtensions} extensions`);
      return;
    }
    try {
      this.current = await this.redlock.extend(this.current, this.opts.ttlMs, ONE_ATTEMPT);
      this.extensions++;
      this.schedule();
    } catch (err) {
      if (this.stopped) return; // fn is over and the lock is being released: nobody to tell
      const left = this.current.expiration - Date.now();
      // A timeout (Redis slow or paused) may pass; another holder's value in the key never will.
      if (!(await isContention(err)) && left > this.opts.ttlMs / 10) {
        this.schedule(Math.min(250, left / 4));
        return;
      }
      this.opts.onLost(describe(await unwrap(err)));
    }
  }
}

/** True when the failed redlock call was refused because the key holds another value. */
async function isContention(err: unknown): Promise<boolean> {
  const inner = await unwrap(err);
  return inner instanceof ResourceLockedError;
}

/** The error one Redis gave behind a redlock ExecutionError (redlock only says "no quorum"). */
async function unwrap(err: unknown): Promise<unknown> {
  if (!(err instanceof ExecutionError)) return err;
  const last = err.attempts.at(-1);
  if (!last) return err;
  const stats = await last;
  return stats.votesAgainst.values().next().value ?? err;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
