/**
 * Preload that starts telemetry before the app loads anything else, so grpc-js, amqplib, pg and
 * ioredis are patched when first required:
 *
 *   node --conditions=source --require tsx/cjs --require ./shared/src/telemetry/register.ts services/x/src/main.ts
 *   node --require ./shared/dist/telemetry/register.js services/x/dist/main.js
 *
 * Importing it as the first line of an entry point also works, as long as nothing imported before it
 * (including through other imports hoisted above it) requires those modules. It only imports the SDK
 * and the instrumentations, never the modules they patch.
 */
import { startTelemetry } from './start-telemetry';
import { shutdownTelemetryOnSignals } from './shutdown-telemetry-on-signals';

if (startTelemetry().enabled) shutdownTelemetryOnSignals();
