import { AsyncLocalStorage } from 'node:async_hooks';

/** Request-scoped values every log line carries. */
export interface LogContext {
  readonly correlationId?: string;
  readonly userId?: string;
}

const storage = new AsyncLocalStorage<LogContext>();
const EMPTY: LogContext = Object.freeze({});

/**
 * Runs `fn` with `ctx` as the log context of everything it calls, awaits included. Nested calls
 * inherit the outer values and may override them.
 */
export function runWithLogContext<T>(ctx: LogContext, fn: () => T): T {
  const outer = storage.getStore() ?? EMPTY;
  const merged: LogContext = Object.freeze({
    ...outer,
    ...(ctx.correlationId !== undefined && { correlationId: ctx.correlationId }),
    ...(ctx.userId !== undefined && { userId: ctx.userId }),
  });
  return storage.run(merged, fn);
}

/** The log context of the current async call chain; empty outside runWithLogContext. */
export function currentLogContext(): LogContext {
  return storage.getStore() ?? EMPTY;
}
