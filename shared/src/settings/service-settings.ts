import { loadSigningKey, serviceToken } from '../auth';
import type { AmqpChannelSource, BusLogger } from '../bus';
import { optionalStr } from '../config';
import { SettingsChangeListener } from './change-listener';
import { grpcSettingsLoader } from './grpc-loader';
import { SettingsCache, type Settings } from './settings-cache';

/** Where a service finds the settings service and how it signs its calls to it. */
export interface SettingsClientOptions {
  address: string;
  /** The calling service's own SERVICE token. */
  bearerToken: () => Promise<string>;
  /** Safety reload period, ms (default 60 000). */
  reloadMs?: number;
  /** Pause after a failed load, ms (default 5 000). */
  retryMs?: number;
}

/**
 * The variables a service reads to follow the settings service; spread into its config shape. Without
 * SETTINGS_GRPC_ADDR the service runs on the catalogue defaults.
 */
export const settingsClientConfig = {
  /** Where the settings service listens, e.g. `127.0.0.1:50058` (absent: catalogue defaults only). */
  SETTINGS_GRPC_ADDR: optionalStr(),
  /** The Ed25519 private key (PEM) the service signs its calls with; required with SETTINGS_GRPC_ADDR. */
  SERVICE_PRIVATE_KEY: optionalStr(),
};

/**
 * The settings client of a service process from its environment, or undefined when SETTINGS_GRPC_ADDR is not set.
 * @throws Error when SETTINGS_GRPC_ADDR is set without SERVICE_PRIVATE_KEY.
 */
export function settingsClientFromConfig(
  serviceName: string,
  cfg: { SETTINGS_GRPC_ADDR?: string | undefined; SERVICE_PRIVATE_KEY?: string | undefined } & {
    AUTH_ISSUER: string;
    AUTH_AUDIENCE: string;
  },
): SettingsClientOptions | undefined {
  if (!cfg.SETTINGS_GRPC_ADDR) return undefined;
  if (!cfg.SERVICE_PRIVATE_KEY) throw new Error('SERVICE_PRIVATE_KEY is required when SETTINGS_GRPC_ADDR is set');
  const tokens = serviceToken(serviceName, loadSigningKey(cfg.SERVICE_PRIVATE_KEY), {
    issuer: cfg.AUTH_ISSUER,
    audience: cfg.AUTH_AUDIENCE,
  });
  return { address: cfg.SETTINGS_GRPC_ADDR, bearerToken: () => tokens.token() };
}

/** A service's settings with their lifecycle: loaded at start, reloaded on every change event. */
export interface ServiceSettings {
  settings: Settings;
  /** First load (defaults stay when it fails); resolves without waiting for the change subscription. */
  start(): Promise<void>;
  /** Subscribes to change events; resolves once subscribed (retries until then). */
  listen(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The settings of one service process: a {@link SettingsCache} loading from the settings service and a
 * {@link SettingsChangeListener} reloading it on every change — or, without `client`, the catalogue defaults.
 */
export function openServiceSettings(o: {
  service: string;
  client?: SettingsClientOptions | undefined;
  amqp: AmqpChannelSource;
  exchange?: string | undefined;
  log: BusLogger;
}): ServiceSettings {
  if (!o.client) {
    const settings = new SettingsCache();
    const done = (): Promise<void> => Promise.resolve();
    return { settings, start: done, listen: done, stop: done };
  }
  const loader = grpcSettingsLoader(o.client.address, o.client.bearerToken);
  const cache = new SettingsCache({
    load: () => loader.load(),
    log: o.log,
    ...(o.client.reloadMs ? { reloadMs: o.client.reloadMs } : {}),
    ...(o.client.retryMs ? { retryMs: o.client.retryMs } : {}),
  });
  const listener = new SettingsChangeListener({
    connection: o.amqp,
    service: o.service,
    exchange: o.exchange,
    log: o.log,
    onChange: () => void cache.reload(),
  });
  return {
    settings: cache,
    start: () => cache.start(),
    listen: () => listener.start(),
    async stop() {
      await listener.stop();
      cache.stop();
      loader.close();
    },
  };
}
