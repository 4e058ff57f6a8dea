import { createServer, type Server } from 'node:http';
import { systemClock } from '@consorcio/shared/clock';
import { createRedis } from '@consorcio/shared/cache';
import { createDb } from '@consorcio/shared/db';
import { descriptorSet } from '@consorcio/shared/grpc';
import type { Logger } from '@consorcio/shared/log';
import { createRequestMetrics, serveMetrics } from '@consorcio/shared/telemetry';
import {
  authOpenApiPaths,
  bootstrapAdmin,
  PasswordHasher,
  RateLimiter,
  TokenService,
  type AuthSettings,
  type PasswordParams,
} from './auth';
import { gatewayHandler } from './http/gateway-handler';
import { Readiness } from './http/readiness';
import { buildOpenApi, docsAssets, mergePaths } from './openapi';
import { buildRouteTable, createForwarder, httpBindings } from './routes';

export interface GatewayOptions {
  host: string;
  port: number;
  databaseUrl: string;
  redisUrl: string;
  /** Where each service listens, by full service name (see `serviceAddresses`). */
  addresses: Record<string, string>;
  auth: AuthSettings;
  /** Overrides the configured argon2 cost (tests only). */
  passwordParams?: PasswordParams;
  corsOrigins: readonly string[];
  maxBodyBytes: number;
  /** Largest raw (HttpBody) upload; default 32 MiB. */
  maxUploadBytes?: number;
  timeouts: { defaultMs: number; maxMs: number };
  apiLimits: { perUser: number; perIp: number };
  log: Logger;
  /** Where to serve Prometheus metrics (none when absent). */
  metrics?: { port: number; host: string };
}

export interface RunningGateway {
  server: Server;
  /** `http://host:port` actually bound (port 0 in tests). */
  url: string;
  stop(): Promise<void>;
}

/**
 * The gateway in one process: routes built from the descriptor set at start (every annotated rpc
 * of every service with an address), OpenAPI from the same descriptors, the auth routes, rate
 * limits in Redis, and one HTTP server.
 */
export async function startGateway(o: GatewayOptions): Promise<RunningGateway> {
  // Tokens and sessions live in real time, whatever business date an installation runs on.
  const clock = systemClock;
  const { registry } = descriptorSet();
  const bindings = httpBindings(registry).filter((b) => o.addresses[b.serviceName] !== undefined);
  const routes = buildRouteTable(bindings);
  const forwarder = createForwarder(o.addresses, { methods: bindings.map((b) => b.method) });
  const db = createDb({ url: o.databaseUrl, applicationName: 'gateway' });
  const redis = createRedis(o.redisUrl);
  const passwords = new PasswordHasher(o.passwordParams ?? o.auth.passwordParams);
  await bootstrapAdmin({ db, clock, log: o.log, passwords }, o.auth.admin);
  const tokens = new TokenService({
    db,
    clock,
    log: o.log,
    passwords,
    signingKey: o.auth.signingKey,
    issuer: o.auth.issuer,
    audience: o.auth.audience,
    accessTokenTtlSeconds: o.auth.accessTokenTtlSeconds,
    refreshTokenTtlSeconds: o.auth.refreshTokenTtlSeconds,
  });
  const limiter = new RateLimiter(redis, o.log);
  const verify = {
    publicKeys: o.auth.verificationKeys,
    issuer: o.auth.issuer,
    audience: o.auth.audience,
    clock,
  };
  const readiness = new Readiness(o.addresses);
  const metrics = createRequestMetrics('http_gateway');
  const handler = gatewayHandler({
    api: {
      routes,
      forwarder,
      verify,
      limiter,
      limits: { ...o.apiLimits, windowMs: o.auth.limits.windowMs },
      maxBodyBytes: o.maxBodyBytes,
      maxUploadBytes: o.maxUploadBytes ?? 32 * 1024 * 1024,
      timeouts: o.timeouts,
      trustProxy: o.auth.trustProxy,
      log: o.log,
    },
    auth: {
      tokens,
      users: { db, clock, passwords },
      limiter,
      limits: o.auth.limits,
      verify,
      log: o.log,
      trustProxy: o.auth.trustProxy,
    },
    openApi: mergePaths(
      buildOpenApi(bindings, registry, { title: 'consórcio platform API', version: '1' }),
      authOpenApiPaths,
    ),
    docs: docsAssets(),
    readiness,
    corsOrigins: o.corsOrigins,
    log: o.log,
    onRequestEnd: (route, status, seconds) => metrics.observe(route, String(status), seconds),
  });
  const server = createServer({ requestTimeout: 60_000, headersTimeout: 20_000 }, handler);
  server.maxHeadersCount = 100;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : o.port;
  const metricsServer = o.metrics ? await serveMetrics(o.metrics.port, o.metrics.host) : undefined;
  o.log.info({ payload: { routes: bindings.length, services: Object.keys(o.addresses) } }, 'gateway routes built');
  return {
    server,
    url: `http://${o.host}:${port}`,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      metricsServer?.close();
      forwarder.close();
      readiness.close();
      redis.disconnect();
      await db.destroy();
    },
  };
}
