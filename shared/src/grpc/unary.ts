import {
  status,
  type handleUnaryCall,
  type ServerUnaryCall,
  type sendUnaryData,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { trace } from '@opentelemetry/api';
import { toGrpcStatus } from '../errors';
import { newId } from '../ids';
import { runWithLogContext } from '../log';
import type { Authenticator, CallContext, Principal } from './call-context';

/** The minimal logger the chain needs. */
export interface ChainLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** A unary handler as services write it: a request in, a response out, errors thrown. */
export type UnaryHandler<Req, Res> = (request: Req, ctx: CallContext) => Promise<Res>;

/** Maps a grpc-js service implementation type to our handler style, method by method. */
export type UnaryHandlers<S> = {
  // `as` drops grpc-js's string index signature, keeping only the service's own methods.
  [K in keyof S as string extends K ? never : K]: S[K] extends handleUnaryCall<infer Req, infer Res>
    ? UnaryHandler<Req, Res>
    : never;
};

export interface ChainOptions {
  log: ChainLogger;
  authenticate: Authenticator;
  /** Called once per call with its outcome, for metrics. */
  onCallEnd?: (method: string, code: status, durationMs: number) => void;
}

/**
 * Wraps every handler in the shared middleware chain: tracing attributes → log context
 * (correlation id, user id) → principal → handler → error mapping. The grpc-js instrumentation
 * has already opened the server span; errors become statuses in exactly one place (toGrpcStatus).
 */
export function withMiddleware<S extends UntypedServiceImplementation>(
  handlers: UnaryHandlers<S>,
  opts: ChainOptions,
): S {
  const out: Record<string, handleUnaryCall<unknown, unknown>> = {};
  const entries = Object.entries<UnaryHandler<unknown, unknown>>(
    handlers as Record<string, UnaryHandler<unknown, unknown>>,
  );
  for (const [name, handler] of entries) {
    out[name] = (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => {
      void runCall(name, handler, call, callback, opts);
    };
  }
  return out as unknown as S;
}

function firstString(call: ServerUnaryCall<unknown, unknown>, key: string): string | undefined {
  const v = call.metadata.get(key)[0];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

async function runCall(
  method: string,
  handler: UnaryHandler<unknown, unknown>,
  call: ServerUnaryCall<unknown, unknown>,
  callback: sendUnaryData<unknown>,
  opts: ChainOptions,
): Promise<void> {
  const started = performance.now();
  const correlationId = firstString(call, 'x-correlation-id') ?? newId();
  const span = trace.getActiveSpan();
  span?.setAttribute('consorcio.correlation_id', correlationId);
  let principal: Principal | null;
  try {
    principal = await opts.authenticate(call.metadata);
  } catch (err) {
    callback({ code: status.UNAUTHENTICATED, details: 'invalid credentials' });
    opts.log.warn({ payload: { method, err: String(err) } }, 'authentication failed');
    return;
  }
  const ctx: CallContext = {
    method,
    metadata: call.metadata,
    principal,
    correlationId,
    idempotencyKey: firstString(call, 'idempotency-key'),
    deadline: call.getDeadline(),
  };
  await runWithLogContext({ correlationId, ...(principal ? { userId: principal.userId } : {}) }, async () => {
    try {
      const response = await handler(call.request, ctx);
      callback(null, response);
      opts.onCallEnd?.(method, status.OK, performance.now() - started);
    } catch (err) {
      const st = toGrpcStatus(err, opts.log);
      if (st.code !== status.INTERNAL) {
        opts.log.info({ payload: { method, code: status[st.code], message: st.details } }, 'request refused');
      }
      span?.setAttribute('consorcio.error_code', status[st.code]);
      callback({ code: st.code, details: st.details, metadata: st.metadata });
      opts.onCallEnd?.(method, st.code, performance.now() - started);
    }
  });
}
