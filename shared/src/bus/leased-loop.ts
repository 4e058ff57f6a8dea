import type { Knex } from 'knex';
import { AdvisoryLease } from '../db';
import { backoffDelay, sleep } from './backoff';
import type { BusLogger } from './bus-logger';

/** Options of a {@link LeasedLoop}. */
export interface LeasedLoopOptions {
  db: Knex;
  /** The lease's name: one loop per name runs at a time across every replica. */
  leaseName: string;
  /** Pause between ticks, and between tries for the lease, ms. */
  pollMs: number;
  /** One round of work; resolve true when more is waiting, to go again without pausing. */
  tick: () => Promise<boolean>;
  log: BusLogger;
  /** Names the loop in its log lines. */
  label: string;
}

/**
 * A background loop that works only while it holds a PostgreSQL advisory-lock lease, so exactly one
 * replica runs it (the outbox relay, the reminder scheduler); the others wait and take over when
 * the holder stops or its session dies. A failing tick backs off and retries, forever.
 */
export class LeasedLoop {
  private readonly lease: AdvisoryLease;
  private abort = new AbortController();
  private running: Promise<void> | undefined;

  constructor(private readonly o: LeasedLoopOptions) {
    this.lease = new AdvisoryLease(o.db, o.leaseName);
  }

  /** True while this instance holds the lease. */
  get held(): boolean {
    return this.lease.held;
  }

  /** Aborts when the loop is stopped: pass it to waits the tick makes (a reconnect, say). */
  get signal(): AbortSignal {
    return this.abort.signal;
  }

  start(): void {
    if (this.running) return;
    this.abort = new AbortController();
    this.running = this.run(this.abort.signal);
  }

  /** Lets the tick in flight finish, then releases the lease. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
    this.running = undefined;
    await this.lease.release().catch(() => undefined);
  }

  private async run(signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      try {
        if (!(await this.lease.tryAcquire())) {
          await sleep(this.o.pollMs, signal);
          continue;
        }
        const more = await this.o.tick();
        if (failures > 0) this.o.log.info({ label: this.o.label }, 'recovered');
        failures = 0;
        if (!more) await sleep(this.o.pollMs, signal);
      } catch (err) {
        if (signal.aborted) break;
        failures++;
        const delayMs = backoffDelay(failures);
        this.o.log.warn({ err, delayMs, label: this.o.label }, 'failed; retrying');
        await sleep(delayMs, signal);
      }
    }
  }
}
