import { shutdownTelemetry } from '../telemetry/start-telemetry';

/** What a service's entry point builds from its configuration to be run. */
export interface ServiceProcess {
  log: {
    info(obj: object, msg: string): void;
    error(obj: object, msg: string): void;
  };
  /** Starts everything; resolves with the one thing that stops it all again. */
  start(): Promise<{ stop(): Promise<void>; describe?: Record<string, unknown> }>;
}

/**
 * Runs a service until SIGTERM or SIGINT: starts it (exiting 1 with the reason if it cannot), stops
 * it cleanly on the first signal, flushes the telemetry, and exits 0 — or 1 when stopping failed.
 * Every `services/<svc>/src/main.ts` is this call plus its configuration.
 */
export function runService(name: string, setup: () => ServiceProcess): void {
  const fail = (err: unknown): void => {
    // Configuration and start-up errors name what is wrong; a stack would only bury it.
    console.error(`${name}: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  };
  let s: ServiceProcess;
  try {
    s = setup();
  } catch (err) {
    fail(err);
    return;
  }
  s.start().then((running) => {
    s.log.info({ payload: running.describe ?? {} }, `${name} started`);
    let stopping = false;
    const stop = (signal: string): void => {
      if (stopping) return;
      stopping = true;
      s.log.info({ payload: { signal } }, `${name} stopping`);
      running
        .stop()
        .then(() => shutdownTelemetry())
        .then(
          () => process.exit(0),
          (err: unknown) => {
            s.log.error({ err }, `${name} did not stop cleanly`);
            process.exit(1);
          },
        );
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  }, fail);
}
