/**
 * Traces and metrics. Tracing starts from the `register.ts` preload (see there for the command line);
 * importing this folder never starts it, so services can use attributes and metrics freely.
 */
export { startTelemetry, shutdownTelemetry, type TelemetryOptions, type TelemetryStatus } from './start-telemetry';
export { shutdownTelemetryOnSignals } from './shutdown-telemetry-on-signals';
export { createInstrumentations } from './create-instrumentations';
export * from './attributes';
export * from './metrics';
