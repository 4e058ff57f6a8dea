import { AmqplibInstrumentation } from '@opentelemetry/instrumentation-amqplib';
import { GrpcInstrumentation } from '@opentelemetry/instrumentation-grpc';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { IORedisInstrumentation } from '@opentelemetry/instrumentation-ioredis';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import type { Instrumentation } from '@opentelemetry/instrumentation';

/** The incoming HTTP paths not worth a trace: Prometheus scrapes them every few seconds. */
const UNTRACED_PATHS = new Set(['/metrics']);

/**
 * The instrumentations every service runs, shared by `startTelemetry` and the test span collector so
 * tests see the spans production makes.
 *
 * Constructing them enables them: they hook `require`, so they only patch modules required after this
 * point. That is why telemetry starts in a preload, before grpc-js, amqplib, pg or ioredis are loaded.
 */
export function createInstrumentations(): Instrumentation[] {
  return [
    new HttpInstrumentation({
      ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.has((req.url ?? '').split('?')[0] ?? ''),
    }),
    new GrpcInstrumentation(),
    // The default (no span links) makes a consume span a child of the publish context: one trace
    // follows a command through the broker.
    new AmqplibInstrumentation(),
    // Without a parent span, pool pings, migrations and background polls would each start a trace.
    // Statement values are never recorded (enhancedDatabaseReporting stays off): they may carry PII.
    new PgInstrumentation({ requireParentSpan: true }),
    new IORedisInstrumentation({ requireParentSpan: true }),
  ];
}
