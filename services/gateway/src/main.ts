// The gateway's entry point: run with the telemetry preload (see scripts/supervisor.ts).
import { descriptorSet } from '@consorcio/shared/grpc';
import { createLogger } from '@consorcio/shared/log';
import { runService } from '@consorcio/shared/process';
import { authSettings } from './auth';
import { gatewayConfig, serviceAddresses } from './config';
import { startGateway } from './service';

runService('gateway', () => {
  const config = gatewayConfig();
  const log = createLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL });
  return {
    log,
    async start() {
      const names = [...descriptorSet().registry].flatMap((t) => (t.kind === 'service' ? [t.typeName] : []));
      const addresses = serviceAddresses(names);
      if (Object.keys(addresses).length === 0) {
        throw new Error('config: no <SVC>_GRPC_ADDR is set; the gateway has nothing to route');
      }
      const gateway = await startGateway({
        host: config.GATEWAY_HTTP_HOST,
        port: config.GATEWAY_HTTP_PORT,
        databaseUrl: config.DATABASE_URL,
        redisUrl: config.REDIS_URL,
        addresses,
        auth: authSettings(config),
        corsOrigins: config.GATEWAY_CORS_ORIGINS.split(',')
          .map((s) => s.trim())
          .filter(Boolean),
        maxBodyBytes: config.GATEWAY_MAX_BODY_BYTES,
        maxUploadBytes: config.GATEWAY_MAX_UPLOAD_BYTES,
        timeouts: { defaultMs: config.GATEWAY_DEFAULT_TIMEOUT_MS, maxMs: config.GATEWAY_MAX_TIMEOUT_MS },
        apiLimits: { perUser: config.GATEWAY_RATE_LIMIT_PER_USER, perIp: config.GATEWAY_RATE_LIMIT_PER_IP },
        log,
        ...(config.METRICS_PORT ? { metrics: { port: config.METRICS_PORT, host: config.METRICS_HOST } } : {}),
      });
      return { stop: () => gateway.stop(), describe: { url: gateway.url } };
    },
  };
});
