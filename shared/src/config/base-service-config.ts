import { oneOf, optional, port, str, url } from './config-fields';
import type { ConfigOf } from './load-config';

/** pino's level names. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * The variables every service reads. Spread it into a service's own shape:
 * `loadConfig({ ...baseServiceConfig, PAYMENTS_TTL: int({ default: 60 }) })`.
 */
export const baseServiceConfig = {
  SERVICE_NAME: str(),
  GRPC_HOST: str({ default: '127.0.0.1' }),
  GRPC_PORT: port(),
  DATABASE_URL: url({ protocols: ['postgres', 'postgresql'] }),
  REDIS_URL: url({ protocols: ['redis', 'rediss'] }),
  AMQP_URL: url({ protocols: ['amqp', 'amqps'] }),
  LOG_LEVEL: oneOf(LOG_LEVELS, { default: 'info' }),
  METRICS_PORT: optional(port()),
  /** The metrics listener's address: loopback locally; 0.0.0.0 in a container, for the scraper. */
  METRICS_HOST: str({ default: '127.0.0.1' }),
  /** The business clock: `system`, or `shared` — the sandbox clock a simulation moves forward (never production). */
  CONSORCIO_CLOCK: oneOf(['system', 'shared'] as const, { default: 'system' }),
};

/** The parsed base configuration. */
export type BaseServiceConfig = ConfigOf<typeof baseServiceConfig>;
