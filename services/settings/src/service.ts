import type { Clock } from '@consorcio/shared/clock';
import { SettingsServiceService } from '@consorcio/shared/gen/consorcio/settings/v1/settings_service';
import { bindService, type Authenticator, type RunningGrpcServer } from '@consorcio/shared/grpc';
import type { Logger } from '@consorcio/shared/log';
import { openServiceRuntime } from '@consorcio/shared/runtime';
import { SETTINGS_SERVICE_NAME } from '@consorcio/shared/settings';
import { SCHEMA, type SettingsDeps } from './app/deps';
import { settingsServiceHandlers } from './grpc/settings-service';

export { SETTINGS_SERVICE_NAME };

export interface SettingsServiceOptions {
  databaseUrl: string;
  amqpUrl: string;
  host: string;
  port: number;
  clock: Clock;
  log: Logger;
  /** Verifies callers' access tokens (see `authenticatorFromConfig`). */
  authenticate: Authenticator;
  /** Exchange the relay publishes to (default consorcio.events). */
  exchange?: string;
  relayPollMs?: number;
  healthIntervalMs?: number;
  /** Where to serve Prometheus metrics (none when absent). */
  metrics?: { port: number; host: string };
}

export interface RunningSettingsService {
  grpc: RunningGrpcServer;
  deps: SettingsDeps;
  stop(): Promise<void>;
}

/**
 * The whole settings service in one process: the gRPC API and the outbox relay publishing every applied change
 * (`settings.setting.changed`), which every service's settings cache follows. It consumes nothing.
 */
export async function startSettingsService(o: SettingsServiceOptions): Promise<RunningSettingsService> {
  const runtime = await openServiceRuntime({ ...o, service: SCHEMA, poolMax: 8 });
  const deps: SettingsDeps = { db: runtime.db, clock: o.clock };
  const running = await runtime.serve({
    bindings: [bindService(SettingsServiceService, SETTINGS_SERVICE_NAME, settingsServiceHandlers(deps))],
    host: o.host,
    port: o.port,
    authenticate: o.authenticate,
    healthIntervalMs: o.healthIntervalMs,
    metrics: o.metrics,
  });
  return { grpc: running.grpc, deps, stop: () => running.stop() };
}
