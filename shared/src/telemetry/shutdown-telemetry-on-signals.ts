import { shutdownTelemetry } from './start-telemetry';

/**
 * On the first SIGTERM or SIGINT, flushes spans (`shutdownTelemetry`) and then:
 * - if the app has its own listener for that signal, does nothing more — the app owns its shutdown
 *   and exit (it should `await shutdownTelemetry()` before exiting; the call is shared, not repeated);
 * - otherwise re-raises the signal, so the process ends exactly as Node would have ended it had no
 *   listener been installed (a listener alone disables Node's default exit on that signal).
 * It never calls `process.exit` itself.
 */
export function shutdownTelemetryOnSignals(signals: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT']): void {
  for (const signal of signals) {
    process.once(signal, () => {
      void shutdownTelemetry().then(() => {
        if (process.listenerCount(signal) > 0) return;
        process.kill(process.pid, signal);
      });
    });
  }
}
