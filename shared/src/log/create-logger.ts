import { format } from 'node:util';
import { isSpanContextValid, trace } from '@opentelemetry/api';
import pino, { type DestinationStream } from 'pino';
import { currentLogContext } from './log-context';
import { redact, scrubText } from './redact';

/** pino's level names; "silent" logs nothing. */
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** What a call may carry besides the message: structured `payload` and/or an `err` to serialize. */
export interface LogFields {
  payload?: object;
  err?: unknown;
}

/** One level's method: `log.info({ payload: { groupId } }, 'group created')` or `log.info('started')`. */
export interface LogFn {
  (fields: LogFields | Error, message?: string): void;
  (message: string): void;
}

/** The logger services use; the line format and scrubbing are fixed, so it has no `child`. */
export interface Logger {
  fatal: LogFn;
  error: LogFn;
  warn: LogFn;
  info: LogFn;
  debug: LogFn;
  trace: LogFn;
  isLevelEnabled(level: LogLevel): boolean;
  /** Writes out anything buffered (only matters for asynchronous destinations). */
  flush(): void;
}

export interface LoggerOptions {
  service: string;
  /** Minimum level written; default "info". */
  level?: LogLevel;
  /** Where lines go; default stdout. Tests pass a stream that collects them. */
  destination?: DestinationStream;
}

/**
 * A JSON-lines logger. Every line has exactly: timestamp (ISO), level (label), service, trace_id and
 * span_id (the active OpenTelemetry span, "" when none), correlation_id and user_id (the log context,
 * "" when none), message and payload. Payload, error and message are scrubbed before writing:
 * sensitive keys become "[redacted]", CPF/CNPJ numbers in text "[cpf]"/"[cnpj]".
 */
export function createLogger(opts: LoggerOptions): Logger {
  const { service } = opts;
  const logger = pino(
    {
      level: opts.level ?? 'info',
      base: null,
      messageKey: 'message',
      timestamp: () => `,"timestamp":"${new Date().toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
      hooks: {
        // Runs only for enabled levels, so disabled calls cost nothing beyond the call itself.
        logMethod(args, method) {
          const [line, message] = buildLine(service, args);
          method.call(this, line, message);
        },
      },
    },
    opts.destination,
  );
  return logger satisfies Logger;
}

function buildLine(service: string, args: unknown[]): [object, string] {
  let fields: unknown;
  let rest = args;
  if (typeof args[0] === 'object' && args[0] !== null) {
    fields = args[0] instanceof Error ? { err: args[0] } : args[0];
    rest = args.slice(1);
  }
  const payload = toPayload(fields as Record<string, unknown> | undefined);
  const message = rest.length === 0 ? errMessage(payload) : format(...rest);
  const span = trace.getActiveSpan()?.spanContext();
  const traced = span !== undefined && isSpanContextValid(span);
  const ctx = currentLogContext();
  return [
    {
      service,
      trace_id: traced ? span.traceId : '',
      span_id: traced ? span.spanId : '',
      correlation_id: scrubText(ctx.correlationId ?? ''),
      user_id: scrubText(ctx.userId ?? ''),
      payload: redact(payload),
    },
    scrubText(message),
  ];
}

// Anything besides `payload` and `err` is folded into the payload rather than becoming a top-level key.
function toPayload(fields: Record<string, unknown> | undefined): Record<string, unknown> {
  if (fields === undefined) return {};
  const { payload, err, ...others } = fields;
  const out: Record<string, unknown> = { ...others };
  if (typeof payload === 'object' && payload !== null && !Array.isArray(payload)) Object.assign(out, payload);
  else if (payload !== undefined) out.value = payload;
  if (err !== undefined) out.err = err;
  return out;
}

function errMessage(payload: Record<string, unknown>): string {
  return payload.err instanceof Error ? payload.err.message : '';
}
