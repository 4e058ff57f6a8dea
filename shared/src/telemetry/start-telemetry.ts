import { getBooleanFromEnv, getStringFromEnv } from '@opentelemetry/core';
import { NodeSDK, type NodeSDKConfiguration } from '@opentelemetry/sdk-node';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { createInstrumentations } from './create-instrumentations';

/** Options of {@link startTelemetry}; everything else comes from the standard `OTEL_*` variables. */
export interface TelemetryOptions {
  /** Overrides `OTEL_SERVICE_NAME`. */
  serviceName?: string;
  /** Replaces the exporters `OTEL_TRACES_EXPORTER` would build (tests pass an in-memory one). */
  spanProcessors?: SpanProcessor[];
}

/** What {@link startTelemetry} did. */
export interface TelemetryStatus {
  /** False when `OTEL_SDK_DISABLED=true`: nothing is patched and no span is recorded. */
  readonly enabled: boolean;
  /** True when the caller's span processors were installed (see `startSpanCollector`). */
  readonly customProcessors: boolean;
}

interface TelemetryState {
  status: TelemetryStatus;
  sdk: NodeSDK | undefined;
  stopping: Promise<void> | undefined;
}

// Kept on globalThis so a second copy of this module (src and dist both loaded) still sees one SDK.
const STATE_KEY = Symbol.for('consorcio.telemetry.state');
const globals = globalThis as typeof globalThis & { [STATE_KEY]?: TelemetryState };

/** How long shutdown may take to flush spans before the process is let go anyway. */
const SHUTDOWN_TIMEOUT_MS = 5_000;

/**
 * Starts the OpenTelemetry Node SDK once per process, with the project's instrumentations (HTTP, gRPC,
 * amqplib, pg, ioredis). Later calls return the first call's status.
 *
 * It must run before `@grpc/grpc-js`, `amqplib`, `pg` or `ioredis` are first required, or they stay
 * unpatched: services get it from the `register.ts` preload, not from an import in their own code.
 *
 * Configured by the standard variables only: `OTEL_SERVICE_NAME`, `OTEL_TRACES_EXPORTER`,
 * `OTEL_EXPORTER_OTLP_*`, `OTEL_SDK_DISABLED`, ... Departures from the SDK defaults, for local runs:
 * with neither `OTEL_TRACES_EXPORTER` nor an OTLP endpoint set, no trace exporter is built (the SDK
 * would otherwise log an export error per batch to a collector that is not there); metrics and logs
 * exporters are off unless `OTEL_METRICS_EXPORTER` / `OTEL_LOGS_EXPORTER` ask for one, since metrics
 * go through prom-client (`metrics.ts`) and logs to stdout.
 *
 * @throws Error when span processors are given but telemetry was already started without them
 */
export function startTelemetry(opts: TelemetryOptions = {}): TelemetryStatus {
  const existing = globals[STATE_KEY];
  if (existing) {
    if (opts.spanProcessors && !existing.status.customProcessors) {
      throw new Error('telemetry was already started; span processors must be given to the first startTelemetry call');
    }
    return existing.status;
  }
  if (getBooleanFromEnv('OTEL_SDK_DISABLED')) {
    globals[STATE_KEY] = {
      status: { enabled: false, customProcessors: false },
      sdk: undefined,
      stopping: undefined,
    };
    return globals[STATE_KEY].status;
  }

  const config: Partial<NodeSDKConfiguration> = { instrumentations: createInstrumentations() };
  if (opts.serviceName) config.serviceName = opts.serviceName;
  if (opts.spanProcessors) config.spanProcessors = opts.spanProcessors;
  else if (!wantsTraceExport()) config.spanProcessors = [];
  if (!getStringFromEnv('OTEL_METRICS_EXPORTER')) config.metricReaders = [];
  if (!getStringFromEnv('OTEL_LOGS_EXPORTER')) config.logRecordProcessors = [];

  const sdk = new NodeSDK(config);
  sdk.start();
  globals[STATE_KEY] = {
    status: { enabled: true, customProcessors: opts.spanProcessors !== undefined },
    sdk,
    stopping: undefined,
  };
  return globals[STATE_KEY].status;
}

/**
 * Flushes pending spans and stops the SDK; safe to call many times and when telemetry never started.
 * An app with its own SIGTERM handler awaits this last, just before it exits. Never rejects: an export
 * failure at exit is reported on stderr, and it gives up after 5 s.
 */
export function shutdownTelemetry(): Promise<void> {
  const state = globals[STATE_KEY];
  if (!state?.sdk) return Promise.resolve();
  state.stopping ??= withTimeout(state.sdk.shutdown(), SHUTDOWN_TIMEOUT_MS).catch((err: unknown) => {
    process.stderr.write(`telemetry shutdown failed: ${err instanceof Error ? err.message : String(err)}\n`);
  });
  return state.stopping;
}

/** Whether the environment asks for exported traces: an explicit exporter, or an OTLP endpoint to send to. */
function wantsTraceExport(): boolean {
  return Boolean(
    getStringFromEnv('OTEL_TRACES_EXPORTER') ||
    getStringFromEnv('OTEL_EXPORTER_OTLP_ENDPOINT') ||
    getStringFromEnv('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'),
  );
}

function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`gave up flushing after ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
