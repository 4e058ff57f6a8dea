import { HealthImplementation, type ServingStatus } from 'grpc-health-check';

/** A dependency check: resolves true when the dependency answers. Must not hang (use timeouts). */
export type DependencyCheck = () => Promise<boolean>;

export interface HealthLogger {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

/**
 * grpc.health.v1 driven by real dependency checks: the server (and each named service) is
 * NOT_SERVING while any check fails — PostgreSQL or RabbitMQ unreachable — and SERVING again when
 * every check passes. Kubernetes probes and load balancers read it; a constant SERVING would lie.
 */
export class HealthMonitor {
  readonly implementation: HealthImplementation;
  private timer: NodeJS.Timeout | undefined;
  private current: ServingStatus = 'NOT_SERVING';
  private readonly failing = new Set<string>();

  constructor(
    private readonly serviceNames: readonly string[],
    private readonly checks: Readonly<Record<string, DependencyCheck>>,
    private readonly log: HealthLogger,
    private readonly intervalMs = 1000,
  ) {
    const initial: Record<string, ServingStatus> = { '': 'NOT_SERVING' };
    for (const s of serviceNames) initial[s] = 'NOT_SERVING';
    this.implementation = new HealthImplementation(initial);
  }

  get status(): ServingStatus {
    return this.current;
  }

  /** Runs every check once and publishes the result. */
  async evaluate(): Promise<ServingStatus> {
    const results = await Promise.all(
      Object.entries(this.checks).map(async ([name, check]) => [name, await check().catch(() => false)] as const),
    );
    for (const [name, ok] of results) {
      if (!ok && !this.failing.has(name)) this.log.warn({ payload: { dependency: name } }, 'dependency unreachable');
      if (ok && this.failing.has(name)) this.log.info({ payload: { dependency: name } }, 'dependency reachable again');
      if (ok) this.failing.delete(name);
      else this.failing.add(name);
    }
    const next: ServingStatus = this.failing.size === 0 ? 'SERVING' : 'NOT_SERVING';
    if (next !== this.current) {
      this.current = next;
      this.implementation.setStatus('', next);
      for (const s of this.serviceNames) this.implementation.setStatus(s, next);
    }
    return next;
  }

  start(): void {
    if (this.timer) return;
    const tick = (): void => {
      void this.evaluate().finally(() => {
        if (this.timer) this.timer = setTimeout(tick, this.intervalMs);
      });
    };
    this.timer = setTimeout(tick, 0);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
