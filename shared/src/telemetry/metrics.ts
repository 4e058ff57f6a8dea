import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prefix of every metric the project defines, so dashboards tell them from library ones. */
const PREFIX = 'consorcio_';

/** Latency buckets in seconds: from a cache hit to a slow assembly draw. */
export const LATENCY_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

// One registry per process even if this module is loaded twice (src and dist), so /metrics shows all.
const REGISTRY_KEY = Symbol.for('consorcio.telemetry.metrics-registry');
const globals = globalThis as typeof globalThis & { [REGISTRY_KEY]?: Registry };

/**
 * The process's Prometheus registry, created on first use with Node's default metrics (event loop
 * lag, heap, GC, handles). Carries a `service` label from `OTEL_SERVICE_NAME` when that is set.
 */
export function metricsRegistry(): Registry {
  let registry = globals[REGISTRY_KEY];
  if (!registry) {
    registry = new Registry();
    const service = process.env.OTEL_SERVICE_NAME;
    if (service) registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: registry });
    globals[REGISTRY_KEY] = registry;
  }
  return registry;
}

/** A metric's name (without the `consorcio_` prefix), help text and label names. */
export interface MetricSpec<L extends string> {
  name: string;
  help: string;
  labelNames?: readonly L[];
}

/**
 * A counter in the process registry. Asking twice for one name returns the same counter, so module
 * reloads (tests) never fail with "already registered". Labels must have few values: never ids.
 */
export function createCounter<L extends string = never>(spec: MetricSpec<L>): Counter<L> {
  return existing<Counter<L>>(spec.name) ?? new Counter<L>({ ...base(spec) });
}

/** A histogram in the process registry (seconds by default: see {@link LATENCY_BUCKETS}). */
export function createHistogram<L extends string = never>(
  spec: MetricSpec<L> & { buckets?: readonly number[] },
): Histogram<L> {
  return (
    existing<Histogram<L>>(spec.name) ??
    new Histogram<L>({ ...base(spec), buckets: [...(spec.buckets ?? LATENCY_BUCKETS)] })
  );
}

/** A gauge in the process registry. */
export function createGauge<L extends string = never>(spec: MetricSpec<L>): Gauge<L> {
  return existing<Gauge<L>>(spec.name) ?? new Gauge<L>({ ...base(spec) });
}

/** Request rate, errors and latency of one kind of endpoint (a gRPC server, a consumer, ...). */
export interface RequestMetrics {
  /** Counts one finished request and records its duration; `code` is e.g. the gRPC status name. */
  observe(method: string, code: string, seconds: number): void;
  /** Starts a timer; call the result with the outcome's code when the request ends. */
  start(method: string): (code: string) => void;
}

/**
 * `consorcio_<kind>_requests_total{method,code}` (rate; errors are the non-OK codes) and
 * `consorcio_<kind>_request_duration_seconds{method,code}`.
 *
 * @param kind a short snake_case name: `grpc_server`, `amqp_consumer`
 */
export function createRequestMetrics(kind: string): RequestMetrics {
  const total = createCounter({
    name: `${kind}_requests_total`,
    help: `Requests handled by the ${kind}, by method and result code.`,
    labelNames: ['method', 'code'],
  });
  const duration = createHistogram({
    name: `${kind}_request_duration_seconds`,
    help: `Time the ${kind} took per request, by method and result code.`,
    labelNames: ['method', 'code'],
  });
  const observe = (method: string, code: string, seconds: number): void => {
    total.inc({ method, code });
    duration.observe({ method, code }, seconds);
  };
  return {
    observe,
    start(method) {
      const started = process.hrtime.bigint();
      return (code) => observe(method, code, Number(process.hrtime.bigint() - started) / 1e9);
    },
  };
}

/** Outbox health: how far publishing lags behind writing. */
export interface OutboxMetrics {
  /** Age in seconds of the oldest unpublished outbox row (0 when empty); set by the relay each poll. */
  lagSeconds: Gauge<never>;
  /** Outbox rows published. */
  published: Counter<never>;
  /** Failed publish attempts (they are retried). */
  publishFailures: Counter<never>;
}

/** `consorcio_outbox_lag_seconds`, `consorcio_outbox_published_total`, `consorcio_outbox_publish_failures_total`. */
export function createOutboxMetrics(): OutboxMetrics {
  return {
    lagSeconds: createGauge({
      name: 'outbox_lag_seconds',
      help: 'Age of the oldest outbox row not yet published.',
    }),
    published: createCounter({ name: 'outbox_published_total', help: 'Outbox rows published to the broker.' }),
    publishFailures: createCounter({
      name: 'outbox_publish_failures_total',
      help: 'Outbox publish attempts that failed and will be retried.',
    }),
  };
}

/** What the lock service reports per acquire (structurally `LockWaitObservation` of `../locks`). */
export interface LockWait {
  resource: string;
  waitMs: number;
  outcome: string;
}

/**
 * A callback for `LockService`'s `onLockWait` recording `consorcio_lock_wait_seconds{lock,outcome}`.
 * The `lock` label is the kind part of `lock:<kind>:{id}`: the id would make a series per entity.
 */
export function createLockWaitObserver(): (wait: LockWait) => void {
  const histogram = createHistogram({
    name: 'lock_wait_seconds',
    help: 'Time spent acquiring a distributed lock, by lock kind and outcome.',
    labelNames: ['lock', 'outcome'],
  });
  return ({ resource, waitMs, outcome }) => histogram.observe({ lock: lockKind(resource), outcome }, waitMs / 1000);
}

/** `lock:group:{42}` → `group`; anything else → `other`. */
export function lockKind(resource: string): string {
  const match = /^lock:([a-z0-9_.-]+):/i.exec(resource);
  return match?.[1] ?? 'other';
}

/**
 * Serves the registry's text at `GET /metrics` on `host:port` (loopback by default: a sidecar or the
 * node agent scrapes it; pass `0.0.0.0` to expose it on the pod network). Resolves once listening;
 * `port` 0 picks a free port (read it from `server.address()`). Close the server on shutdown.
 */
export async function serveMetrics(port: number, host = '127.0.0.1'): Promise<http.Server> {
  const registry = metricsRegistry();
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (err: unknown) => res.writeHead(500).end(err instanceof Error ? err.message : 'metrics failed'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}

/** The port a server listens on (handy after `serveMetrics(0)`). */
export function listeningPort(server: http.Server): number {
  return (server.address() as AddressInfo).port;
}

function existing<M>(name: string): M | undefined {
  return metricsRegistry().getSingleMetric(PREFIX + name) as M | undefined;
}

function base<L extends string>(spec: MetricSpec<L>) {
  return {
    name: PREFIX + spec.name,
    help: spec.help,
    labelNames: [...(spec.labelNames ?? [])] as L[],
    registers: [metricsRegistry()],
  };
}
