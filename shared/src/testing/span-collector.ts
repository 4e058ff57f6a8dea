import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { startTelemetry } from '../telemetry/start-telemetry';

/** The spans a test process finished, from an in-memory exporter. */
export interface SpanCollector {
  /** Every finished span since start or the last `reset()`, in the order they ended. */
  spans(): ReadableSpan[];
  /** Forgets the spans collected so far. */
  reset(): void;
  /** The finished spans of one trace. */
  traceOf(traceId: string): ReadableSpan[];
}

const COLLECTOR_KEY = Symbol.for('consorcio.testing.span-collector');
const globals = globalThis as typeof globalThis & { [COLLECTOR_KEY]?: SpanCollector };

/**
 * Starts telemetry for a test process with an in-memory exporter (SimpleSpanProcessor: spans are
 * collected as they end) and the same instrumentations services run; later calls return the same
 * collector.
 *
 * Instrumentations patch modules when they are first required, so call this BEFORE anything imports
 * `pg`, `knex`, `amqplib`, `@grpc/grpc-js` or `ioredis` — from a mocha `--require` file, or first thing
 * in a spawned child process. A test file cannot do it in a `before` hook: mocha has loaded every
 * test file, and their imports, by then.
 *
 * @throws Error when telemetry was already started without the collector, or `OTEL_SDK_DISABLED` is set
 */
export function startSpanCollector(): SpanCollector {
  const existing = globals[COLLECTOR_KEY];
  if (existing) return existing;
  const exporter = new InMemorySpanExporter();
  const status = startTelemetry({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  if (!status.enabled) throw new Error('OTEL_SDK_DISABLED is set: a span collector would collect nothing');
  const collector: SpanCollector = {
    spans: () => [...exporter.getFinishedSpans()],
    reset: () => exporter.reset(),
    traceOf: (traceId) => exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId),
  };
  globals[COLLECTOR_KEY] = collector;
  return collector;
}
