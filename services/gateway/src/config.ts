import { LOG_LEVELS, configOnce, int, loadConfig, oneOf, optional, port, str, url } from '@consorcio/shared/config';
import { gatewayAuthConfig } from './auth';

/** The gateway's environment, parsed once; a bad or missing variable stops start-up naming it. */
export const gatewayConfig = configOnce(() =>
  loadConfig({
    SERVICE_NAME: str({ default: 'gateway' }),
    GATEWAY_HTTP_HOST: str({ default: '127.0.0.1' }),
    GATEWAY_HTTP_PORT: port({ default: 8080 }),
    DATABASE_URL: url({ protocols: ['postgres', 'postgresql'] }),
    REDIS_URL: url({ protocols: ['redis', 'rediss'] }),
    LOG_LEVEL: oneOf(LOG_LEVELS, { default: 'info' }),
    METRICS_PORT: optional(port()),
    METRICS_HOST: str({ default: '127.0.0.1' }),
    /** Origins allowed by CORS, comma-separated; '*' for any; empty for none. */
    GATEWAY_CORS_ORIGINS: str({ default: '' }),
    GATEWAY_MAX_BODY_BYTES: int({ default: 1024 * 1024, min: 1024, max: 64 * 1024 * 1024 }),
    /** Largest raw upload (a `google.api.HttpBody` body: a document), bytes; the service applies its own limit too. */
    GATEWAY_MAX_UPLOAD_BYTES: int({ default: 32 * 1024 * 1024, min: 1024, max: 40 * 1024 * 1024 }),
    /** Deadline of a forwarded call when the request sends no `Grpc-Timeout`, and the most it may ask. */
    GATEWAY_DEFAULT_TIMEOUT_MS: int({ default: 10_000, min: 100, max: 300_000 }),
    GATEWAY_MAX_TIMEOUT_MS: int({ default: 60_000, min: 100, max: 600_000 }),
    /** API requests per window (GATEWAY_RATE_WINDOW_MS), per signed-in user and per client IP. */
    GATEWAY_RATE_LIMIT_PER_USER: int({ default: 600, min: 1, max: 1_000_000 }),
    GATEWAY_RATE_LIMIT_PER_IP: int({ default: 1200, min: 1, max: 1_000_000 }),
    ...gatewayAuthConfig,
  }),
);

export type GatewayConfig = ReturnType<typeof gatewayConfig>;

/**
 * Where each routed service listens: `consorcio.<svc>.v1.<Name>Service` is found at `<SVC>_GRPC_ADDR`
 * (e.g. GROUPS_GRPC_ADDR=127.0.0.1:50051), so a new service needs an address, not gateway code.
 */
export function serviceAddresses(serviceNames: Iterable<string>, env = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of serviceNames) {
    const svc = /^consorcio\.([a-z0-9_]+)\.v\d+\./.exec(name)?.[1];
    const address = svc ? env[`${svc.toUpperCase()}_GRPC_ADDR`] : undefined;
    if (address) out[name] = address;
  }
  return out;
}
